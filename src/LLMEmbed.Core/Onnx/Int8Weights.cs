using System.Buffers.Binary;
using LLMEmbed.Core.Onnx.Proto;

namespace LLMEmbed.Core.Onnx;

/// <summary>
/// Symmetric per-output-column int8 quantization of one [K, N] float weight: column n gets
/// scale max|W[:, n]| / 127 and q = round(W / scale) in [-127, 127] (zero point 0, so -128 is
/// never used and the int8 range stays symmetric). With <c>levels</c> 63 (reduced range) weights
/// use 7 bits, so a u8 × s8 pair sum (255 × 63 × 2) fits the int16 that AVX2's vpmaddubsw saturates at.
/// </summary>
internal sealed record Int8Weights(long Rows, long Columns, sbyte[] Values, float[] Scales)
{
    public static float[] ReadFloats(TensorProto tensor)
    {
        if (tensor.HasRawData)
        {
            var bytes = tensor.RawData.Span;
            var values = new float[bytes.Length / 4];
            for (var i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.Slice(i * 4, 4));
            return values;
        }
        return tensor.FloatData.ToArray();
    }

    /// <summary>Quantizes <paramref name="weights"/> laid out [rows, columns]; <paramref name="transposed"/> means it is stored [columns, rows].</summary>
    public static Int8Weights Quantize(float[] weights, long rows, long columns, bool transposed, int levels = 127)
    {
        if (weights.LongLength != rows * columns)
            throw new InvalidDataException($"The weight holds {weights.LongLength} values, its shape [{rows}, {columns}] needs {rows * columns}.");
        var k = (int)rows;
        var n = (int)columns;
        float At(int r, int c) => transposed ? weights[(long)c * k + r] : weights[(long)r * n + c];
        var scales = new float[n];
        for (var c = 0; c < n; c++)
        {
            var max = 0f;
            for (var r = 0; r < k; r++) max = Math.Max(max, Math.Abs(At(r, c)));
            if (!float.IsFinite(max)) throw new InvalidDataException($"Column {c} of the weight holds a non-finite value.");
            // An all-zero column still needs a usable scale; its values quantize to 0 either way.
            scales[c] = max > 0 ? max / levels : 1f;
        }
        var values = new sbyte[(long)k * n];
        for (var r = 0; r < k; r++)
            for (var c = 0; c < n; c++)
                values[(long)r * n + c] = (sbyte)Math.Clamp(MathF.Round(At(r, c) / scales[c], MidpointRounding.ToEven), -levels, levels);
        return new Int8Weights(rows, columns, values, scales);
    }

    public TensorProto ValuesTensor(string name) => new()
    {
        Name = name,
        DataType = (int)TensorProto.Types.DataType.Int8,
        Dims = { Rows, Columns },
        RawData = Google.Protobuf.ByteString.CopyFrom(System.Runtime.InteropServices.MemoryMarshal.AsBytes(Values.AsSpan())),
    };

    public TensorProto ScalesTensor(string name) => FloatVector(name, Scales);

    public TensorProto ZeroPointTensor(string name) => new()
    {
        Name = name,
        DataType = (int)TensorProto.Types.DataType.Int8,
        Dims = { Columns },
        RawData = Google.Protobuf.ByteString.CopyFrom(new byte[Columns]),
    };

    public static TensorProto FloatVector(string name, float[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4, 4), values[i]);
        return new TensorProto
        {
            Name = name,
            DataType = (int)TensorProto.Types.DataType.Float,
            Dims = { values.LongLength },
            RawData = Google.Protobuf.ByteString.CopyFrom(bytes),
        };
    }
}
