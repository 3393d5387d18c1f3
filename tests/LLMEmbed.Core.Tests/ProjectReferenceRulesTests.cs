namespace LLMEmbed.Core.Tests;

/// <summary>The reference rules stated in docs/architecture.md, checked against the .csproj files.</summary>
public class ProjectReferenceRulesTests
{
    [Fact]
    public void Core_references_no_orleans_and_no_asp_net_core()
    {
        var core = ProjectFile.Load("LLMEmbed.Core");
        Assert.NotEmpty(core.Packages); // the file was read: Core has packages (ONNX Runtime, tokenizers)
        Assert.Equal(["LLMEmbed.Formats"], core.ProjectReferences);
        Assert.DoesNotContain(core.Packages, p => IsOrleans(p) || IsAspNetCore(p));
        Assert.DoesNotContain(core.Frameworks, IsAspNetCore);
        Assert.Equal("Microsoft.NET.Sdk", core.Sdk);
    }

    [Fact]
    public void Formats_depend_on_csv_helper_alone_and_are_the_one_csv_reader()
    {
        var formats = ProjectFile.Load("LLMEmbed.Formats");
        Assert.Equal(["CsvHelper"], formats.Packages);
        Assert.Empty(formats.ProjectReferences);
        Assert.Empty(formats.Frameworks);
        Assert.Equal("Microsoft.NET.Sdk", formats.Sdk);
        Assert.Contains("LLMEmbed.Formats", ProjectFile.Load("LLMEmbed.Gateway").ProjectReferences);
        // One CSV reader: no other project parses CSV with a package of its own.
        var others = new[] { "LLMEmbed.Host", "LLMEmbed.Cli", "LLMEmbed.Bench" }.SelectMany(ProjectFile.Closure).Where(p => p.Name != "LLMEmbed.Formats");
        Assert.DoesNotContain(others.SelectMany(p => p.Packages), p => p == "CsvHelper");
    }

    [Fact]
    public void Grains_abstractions_reach_neither_core_nor_onnx_runtime()
    {
        var closure = ProjectFile.Closure("LLMEmbed.Grains.Abstractions");
        Assert.DoesNotContain(closure, p => p.Name == "LLMEmbed.Core");
        Assert.DoesNotContain(closure.SelectMany(p => p.Packages), p => p.Contains("OnnxRuntime", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Cli_carries_neither_host_nor_grains()
    {
        var names = ProjectFile.Closure("LLMEmbed.Cli").Select(p => p.Name).ToArray();
        Assert.Contains("LLMEmbed.Core", names); // the walk followed the Cli's references
        Assert.DoesNotContain("LLMEmbed.Host", names);
        Assert.DoesNotContain("LLMEmbed.Grains", names);
    }

    [Fact]
    public void Gateway_does_not_reference_core()
    {
        var gateway = ProjectFile.Load("LLMEmbed.Gateway");
        Assert.Contains("LLMEmbed.Protos", gateway.ProjectReferences); // references were read
        Assert.DoesNotContain("LLMEmbed.Core", gateway.ProjectReferences);
    }

    private static bool IsOrleans(string package) => package.StartsWith("Microsoft.Orleans", StringComparison.OrdinalIgnoreCase);

    private static bool IsAspNetCore(string package) =>
        package.StartsWith("Microsoft.AspNetCore", StringComparison.OrdinalIgnoreCase) ||
        package.StartsWith("Grpc.AspNetCore", StringComparison.OrdinalIgnoreCase);
}
