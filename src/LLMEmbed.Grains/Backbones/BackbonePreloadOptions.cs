namespace LLMEmbed.Grains.Backbones;

/// <summary>Section "Backbones": backbones loaded at start-up, so a model or accelerator problem stops the silo at once.</summary>
public sealed class BackbonePreloadOptions
{
    public const string SectionName = "Backbones";

    public string[] Preload { get; set; } = [];
}
