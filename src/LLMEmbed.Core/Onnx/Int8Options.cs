namespace LLMEmbed.Core.Onnx;

/// <summary>
/// How <see cref="OnnxInt8Quantizer"/> rewrites a graph. <see cref="KeepFloat"/> lists the
/// constant-weight MatMuls to leave in fp32, as <see cref="MatMulSelector"/> strings
/// (<c>ffn-out:6</c>, <c>ffn-out</c>, <c>node:MatMul_34</c>); each must match at least one node.
/// </summary>
public sealed record Int8Options
{
    public static Int8Options Default { get; } = new();

    public Int8Form Form { get; init; } = Int8Form.MatMulInteger;

    public IReadOnlyList<string> KeepFloat { get; init; } = [];

    /// <summary>
    /// Weights in −63..63 instead of −127..127. CPUs without VNNI multiply u8 × s8 with AVX2's
    /// vpmaddubsw, whose int16 pair sums saturate at full range; 7-bit weights cannot overflow it.
    /// </summary>
    public bool ReduceRange { get; init; }

    internal int WeightLevels => ReduceRange ? 63 : 127;

    /// <summary>Canonical text of the options, recorded in stamps so a change rebuilds the graph.</summary>
    public string Describe() =>
        $"form={Form}" + (ReduceRange ? ";reduce-range" : "") + (KeepFloat.Count == 0 ? "" : ";keep-float=" + string.Join(',', KeepFloat));
}
