namespace LLMEmbed.Core.Onnx;

/// <summary>Which int8 operator form <see cref="OnnxInt8Quantizer"/> writes for a float MatMul with constant weights.</summary>
public enum Int8Form
{
    /// <summary>One <c>com.microsoft</c> DynamicQuantizeMatMul node (activation quantized per call, weights int8 per column).</summary>
    DynamicQuantizeMatMul,

    /// <summary>Standard ONNX: DynamicQuantizeLinear + MatMulInteger + Cast + Mul by (activation scale × column scales).</summary>
    MatMulInteger,
}
