using System.ComponentModel.DataAnnotations;

namespace LLMEmbed.Grains.Placement;

/// <summary>
/// What this silo offers, from configuration section "Silo". Published to the cluster as silo
/// metadata, which the backbone placement filter reads.
/// </summary>
public sealed class SiloRoleOptions
{
    public const string SectionName = "Silo";

    /// <summary>Metadata key: "true" on silos that may host backbone grains.</summary>
    public const string BackboneHostKey = "llmembed.backbone-host";

    /// <summary>Metadata key: "cuda" or "cpu".</summary>
    public const string AcceleratorKey = "llmembed.accelerator";

    public const string Cuda = "cuda";
    public const string Cpu = "cpu";

    public bool BackboneHost { get; set; } = true;

    /// <summary>"cpu" or "cuda": where this silo runs its backbones.</summary>
    [AllowedValues(Cpu, Cuda, ErrorMessage = "{0} must be \"cpu\" or \"cuda\".")]
    public string Accelerator { get; set; } = Cpu;

    public Dictionary<string, string> ToMetadata() => new()
    {
        [BackboneHostKey] = BackboneHost ? "true" : "false",
        [AcceleratorKey] = Accelerator,
    };

    public override string ToString() => $"BackboneHost={BackboneHost}, Accelerator={Accelerator}";
}
