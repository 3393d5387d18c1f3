namespace LLMEmbed.Gateway.Tests.Configuration;

/// <summary>Files of the repository this test run was built from (found by walking up to LLMEmbed.sln).</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "LLMEmbed.sln"))) return directory.FullName;
        throw new DirectoryNotFoundException($"no LLMEmbed.sln above {AppContext.BaseDirectory}");
    }
}
