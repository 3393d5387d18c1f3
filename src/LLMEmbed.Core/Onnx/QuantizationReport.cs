namespace LLMEmbed.Core.Onnx;

/// <summary>What one quantization pass changed: rewritten nodes by original op type, float MatMuls left (computed second input, or kept by option) and which were kept.</summary>
public sealed record QuantizationReport(int MatMulsRewritten, int GemmsRewritten, int MatMulsLeftFloat, int WeightsQuantized)
{
    public int Rewritten => MatMulsRewritten + GemmsRewritten;

    /// <summary>Node names of the constant-weight MatMuls kept in fp32 by <see cref="Int8Options.KeepFloat"/>.</summary>
    public IReadOnlyList<string> KeptFloat { get; init; } = [];
}
