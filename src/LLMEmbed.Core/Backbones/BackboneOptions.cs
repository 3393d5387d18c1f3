using System.ComponentModel.DataAnnotations;

namespace LLMEmbed.Core.Backbones;

/// <summary>
/// How ONNX backbone sessions are created, offline (eval, bench) and in a serving silo alike; a silo
/// binds it from configuration section "Backbone" and takes <see cref="ExecutionProvider"/> from its
/// Silo:Accelerator role.
/// </summary>
public sealed record BackboneOptions
{
    public const string SectionName = "Backbone";
    public const string Cpu = "cpu";
    public const string Cuda = "cuda";
    public const string Auto = "auto";

    /// <summary>"cpu", "cuda" (fail if CUDA cannot be used) or "auto" (CUDA when it loads, else CPU).</summary>
    [AllowedValues(Cpu, Cuda, Auto, ErrorMessage = "{0} must be 'cpu', 'cuda' or 'auto'.")]
    public string ExecutionProvider { get; init; } = Cpu;

    /// <summary>Threads inside one operator. 2 suits a shared 2-core machine; raise it on bigger ones.</summary>
    [Range(1, int.MaxValue)]
    public int IntraOpThreads { get; init; } = 2;

    /// <summary>Threads across independent operators; BERT graphs are a chain, so 1.</summary>
    [Range(1, int.MaxValue)]
    public int InterOpThreads { get; init; } = 1;

    [Range(0, int.MaxValue)]
    public int CudaDeviceId { get; init; }

    /// <summary>
    /// Whether ONNX Runtime's intra-op threads spin after a run, waiting for the next. Off by default: in a
    /// server the spinning threads take the cores that tokenization, RPC and the next batch's callers need.
    /// Offline embedding (back-to-back runs, nothing else on the cores) turns it on.
    /// </summary>
    public bool AllowSpinning { get; init; }

    /// <summary>Caps every backbone's token limit below its manifest's (0 = the manifest's maxTokens).</summary>
    [TokenLimit]
    public int MaxTokens { get; init; }

    /// <summary>Folder of the manifests; empty = the repository's models/ folder (or LLMEMBED_MODELS).</summary>
    public string ManifestDirectory { get; init; } = "";

    public override string ToString() =>
        $"ExecutionProvider={ExecutionProvider}, IntraOpThreads={IntraOpThreads}, InterOpThreads={InterOpThreads}, CudaDeviceId={CudaDeviceId}, " +
        $"AllowSpinning={AllowSpinning}, MaxTokens={(MaxTokens == 0 ? "manifest" : MaxTokens)}, ManifestDirectory={(ManifestDirectory.Length == 0 ? "auto" : ManifestDirectory)}";
}
