using System.Reflection;

namespace LLMEmbed.Gateway.Tests.HostProcess;

/// <summary>The host and CLI DLLs as their own builds put them (recorded in this assembly at build time).</summary>
internal static class BuiltOutputs
{
    public static string HostDll => Find("LLMEmbedHostDll");
    public static string CliDll => Find("LLMEmbedCliDll");

    private static string Find(string key)
    {
        var path = typeof(BuiltOutputs).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
        return File.Exists(path) ? path : throw new FileNotFoundException($"{path} is not built; build tests/LLMEmbed.Gateway.Tests (it builds it).", path);
    }
}
