using LLMEmbed.Core;
using LLMEmbed.Host.Hosting;

namespace LLMEmbed.Gateway.Tests.Configuration;

/// <summary>Where the embedded default's grain state (and generated admin key) goes: a per-user folder, never the working directory unless asked.</summary>
public sealed class DataDirectoryTests
{
    [Fact]
    public void The_default_is_beside_the_model_cache()
    {
        var options = new LLMEmbedStorageOptions();
        options.Validate();
        var expected = Path.Combine(LLMEmbedPaths.Default().Root, "data", "grain-state");
        Assert.Equal(expected, options.FullDataDirectory);
        Assert.True(Path.IsPathFullyQualified(options.FullDataDirectory));
        Assert.Contains($"DataDirectory={expected}", options.ToString());
    }

    [Fact]
    public void A_relative_directory_is_resolved_against_the_working_directory()
    {
        var options = new LLMEmbedStorageOptions { DataDirectory = Path.Combine("state", "grains") };
        Assert.Equal(Path.Combine(Directory.GetCurrentDirectory(), "state", "grains"), options.FullDataDirectory);
        var absolute = Path.Combine(Path.GetTempPath(), "llmembed-state");
        Assert.Equal(absolute, new LLMEmbedStorageOptions { DataDirectory = absolute }.FullDataDirectory);
    }
}
