namespace LLMEmbed.Core.Backbones;

/// <summary>How an ONNX backbone session is created.</summary>
public sealed record BackboneOptions
{
    public const string Cpu = "cpu";
    public const string Cuda = "cuda";
    public const string Auto = "auto";

    /// <summary>"cpu", "cuda" (fail if CUDA cannot be used) or "auto" (CUDA when it loads, else CPU).</summary>
    public string ExecutionProvider { get; init; } = Cpu;

    /// <summary>Threads inside one operator. 2 suits a shared 2-core machine; raise it on bigger ones.</summary>
    public int IntraOpThreads { get; init; } = 2;

    /// <summary>Threads across independent operators; BERT graphs are a chain, so 1.</summary>
    public int InterOpThreads { get; init; } = 1;

    public int CudaDeviceId { get; init; }

    /// <summary>
    /// Whether ONNX Runtime's intra-op threads spin after a run, waiting for the next. Spinning wins back-to-back
    /// runs (offline embedding); in a server the spinning threads take the cores that tokenization, RPC and
    /// the next batch's callers need, so serving silos turn it off (Backbone:AllowSpinning).
    /// </summary>
    public bool AllowSpinning { get; init; } = true;

    public void Validate()
    {
        if (ExecutionProvider is not (Cpu or Cuda or Auto))
            throw new ArgumentException($"ExecutionProvider must be '{Cpu}', '{Cuda}' or '{Auto}', got '{ExecutionProvider}'.");
        if (IntraOpThreads < 1) throw new ArgumentException($"IntraOpThreads must be at least 1, got {IntraOpThreads}.");
        if (InterOpThreads < 1) throw new ArgumentException($"InterOpThreads must be at least 1, got {InterOpThreads}.");
        if (CudaDeviceId < 0) throw new ArgumentException($"CudaDeviceId must not be negative, got {CudaDeviceId}.");
    }
}
