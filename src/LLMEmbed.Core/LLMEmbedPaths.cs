namespace LLMEmbed.Core;

/// <summary>
/// Where downloaded and derived artefacts live. Nothing here is committed: weights, datasets and
/// embedding caches are rebuilt from package restores. Override the root with LLMEMBED_HOME.
/// </summary>
public sealed record LLMEmbedPaths(string Root)
{
    public string Models => Path.Combine(Root, "models");
    public string Data => Path.Combine(Root, "data");
    public string Embeddings => Path.Combine(Root, "embeddings");

    public static LLMEmbedPaths Default()
    {
        var env = Environment.GetEnvironmentVariable("LLMEMBED_HOME");
        if (!string.IsNullOrWhiteSpace(env)) return new LLMEmbedPaths(Path.GetFullPath(env));
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return new LLMEmbedPaths(Path.Combine(home, ".cache", "llmembed"));
    }

    /// <summary>The repository's models/ folder (manifests), found by walking up from a start directory.</summary>
    public static string? FindManifestDirectory(string? start = null)
    {
        var env = Environment.GetEnvironmentVariable("LLMEMBED_MODELS");
        if (!string.IsNullOrWhiteSpace(env) && Directory.Exists(env)) return Path.GetFullPath(env);
        foreach (var origin in new[] { start ?? Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(origin); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "models");
                if (File.Exists(Path.Combine(candidate, "minilm-l6.json"))) return candidate;
            }
        }
        return null;
    }
}
