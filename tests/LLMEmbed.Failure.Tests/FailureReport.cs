namespace LLMEmbed.Failure.Tests;

/// <summary>
/// Measured windows go to the test output and to TestResults/failure-windows.txt beside this
/// project, which ./test.sh prints after the run so CI logs show them whether tests pass or fail.
/// </summary>
public static class FailureReport
{
    private static readonly object Lock = new();

    public static string FilePath { get; } = Path.Combine(ProjectDirectory(), "TestResults", "failure-windows.txt");

    public static void Write(ITestOutputHelper output, string test, string text)
    {
        var block = $"[{DateTime.UtcNow:yyyy-MM-dd HH:mm:ss}Z] {test}\n{text}\n";
        output.WriteLine(block);
        Console.WriteLine(block);
        lock (Lock)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
            File.AppendAllText(FilePath, block + "\n");
        }
    }

    /// <summary>The source folder of this project when run from its bin folder, else the output folder.</summary>
    private static string ProjectDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "LLMEmbed.Failure.Tests.csproj"))) return directory.FullName;
        return AppContext.BaseDirectory;
    }
}
