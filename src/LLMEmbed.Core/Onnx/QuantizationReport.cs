namespace LLMEmbed.Core.Onnx;

/// <summary>What one quantization pass changed: rewritten nodes by original op type, and float MatMuls left alone because their second input is computed.</summary>
public sealed record QuantizationReport(int MatMulsRewritten, int GemmsRewritten, int MatMulsLeftFloat, int WeightsQuantized)
{
    public int Rewritten => MatMulsRewritten + GemmsRewritten;
}
