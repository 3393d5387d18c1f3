using LLMEmbed.Core.Backbones;

namespace LLMEmbed.Grains.Backbones;

/// <summary>Section "Backbone": how this silo runs its ONNX backbones (the accelerator comes from Silo:Accelerator).</summary>
public sealed class OnnxBackboneOptions
{
    public const string SectionName = "Backbone";

    /// <summary>Threads inside one operator.</summary>
    public int IntraOpThreads { get; set; } = 2;

    /// <summary>Threads across independent operators; encoder graphs are a chain, so 1.</summary>
    public int InterOpThreads { get; set; } = 1;

    public int CudaDeviceId { get; set; }

    /// <summary>
    /// ONNX Runtime threads spin between runs when true. Off by default here: a serving silo's cores are
    /// shared with tokenization, Orleans and gRPC, which the spinning threads would otherwise starve.
    /// </summary>
    public bool AllowSpinning { get; set; }

    /// <summary>Caps every backbone's token limit below its manifest's (0 = the manifest's maxTokens).</summary>
    public int MaxTokens { get; set; }

    /// <summary>Folder of the manifests; empty = the repository's models/ folder (or LLMEMBED_MODELS).</summary>
    public string ManifestDirectory { get; set; } = "";

    public void Validate()
    {
        if (IntraOpThreads < 1) throw new ArgumentException($"{SectionName}:{nameof(IntraOpThreads)} must be at least 1, got {IntraOpThreads}.");
        if (InterOpThreads < 1) throw new ArgumentException($"{SectionName}:{nameof(InterOpThreads)} must be at least 1, got {InterOpThreads}.");
        if (CudaDeviceId < 0) throw new ArgumentException($"{SectionName}:{nameof(CudaDeviceId)} must not be negative, got {CudaDeviceId}.");
        if (MaxTokens is < 0 or 1) throw new ArgumentException($"{SectionName}:{nameof(MaxTokens)} must be 0 (manifest) or at least 2, got {MaxTokens}.");
    }

    /// <summary>Session options for the silo's accelerator: "cuda" demands CUDA and fails loudly if it cannot load.</summary>
    public BackboneOptions ToBackboneOptions(string accelerator) => new()
    {
        ExecutionProvider = accelerator == Placement.SiloRoleOptions.Cuda ? BackboneOptions.Cuda : BackboneOptions.Cpu,
        IntraOpThreads = IntraOpThreads,
        InterOpThreads = InterOpThreads,
        CudaDeviceId = CudaDeviceId,
        AllowSpinning = AllowSpinning,
    };

    public override string ToString() =>
        $"IntraOpThreads={IntraOpThreads}, InterOpThreads={InterOpThreads}, CudaDeviceId={CudaDeviceId}, AllowSpinning={AllowSpinning}, MaxTokens={(MaxTokens == 0 ? "manifest" : MaxTokens)}, ManifestDirectory={(ManifestDirectory.Length == 0 ? "auto" : ManifestDirectory)}";
}
