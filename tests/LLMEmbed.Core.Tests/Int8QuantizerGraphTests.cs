using Google.Protobuf;
using LLMEmbed.Core.Benchmarks;
using LLMEmbed.Core.Onnx;
using LLMEmbed.Core.Onnx.Proto;
using Microsoft.ML.OnnxRuntime;

/// <summary>The int8 rewrite on tiny synthetic graphs: ONNX Runtime runs both forms, and unsupported graphs fail naming the node.</summary>
public sealed class Int8QuantizerGraphTests
{
    private static readonly float[] X = [1f, -0.5f, 0.25f, 2f, -1f, 0.3f, 0.8f, -0.2f];

    [Theory]
    [InlineData(Int8Form.DynamicQuantizeMatMul, false)]
    [InlineData(Int8Form.MatMulInteger, false)]
    [InlineData(Int8Form.DynamicQuantizeMatMul, true)]
    [InlineData(Int8Form.MatMulInteger, true)]
    public void Onnx_runtime_runs_the_rewrite_close_to_float(Int8Form form, bool reduceRange)
    {
        var model = SyntheticMatMulGraph.Build();
        var report = OnnxInt8Quantizer.Quantize(model, new Int8Options { Form = form, ReduceRange = reduceRange });
        Assert.Equal(1, report.MatMulsRewritten);
        Assert.Equal(1, report.GemmsRewritten);
        Assert.DoesNotContain(model.Graph.Node, n => n.OpType is "MatMul" or "Gemm");
        Assert.DoesNotContain(model.Graph.Initializer, t => t.Name is "W" or "V");
        // Only the contrib-op form needs the com.microsoft opset.
        Assert.Equal(form == Int8Form.DynamicQuantizeMatMul, model.OpsetImport.Any(o => o.Domain == OnnxInt8Quantizer.MicrosoftDomain));

        // x = 2 quantizes to 255; with full-range weights (127) a u8·s8 pair sum overflows int16, which
        // AVX2's vpmaddubsw saturates: on an AVX2-only AMD EPYC z[0] came out 1.985 for 2.725. Only
        // VNNI (or the reduced range) computes it exactly, so full range is checked on VNNI CPUs only.
        var vnni = CpuInfo.Read().Flags.Any(f => f is "avx512_vnni" or "avx_vnni");
        if (!reduceRange && !vnni) return;
        var (y, z) = Run(model.ToByteArray());
        var (expectY, expectZ) = Reference();
        // Weights carry 1/254 of their column's range as error, activations 1/255 of the batch's range.
        for (var i = 0; i < y.Length; i++)
        {
            Assert.InRange(y[i], expectY[i] - 0.05f, expectY[i] + 0.05f);
            Assert.InRange(z[i], expectZ[i] - 0.05f, expectZ[i] + 0.05f);
        }
        Assert.NotEqual(expectY, y); // quantized for real, not passed through
    }

    [Fact]
    public void Reduced_range_weights_use_seven_bits_and_change_the_bytes()
    {
        var full = SyntheticMatMulGraph.Build();
        OnnxInt8Quantizer.Quantize(full);
        var reduced = SyntheticMatMulGraph.Build();
        OnnxInt8Quantizer.Quantize(reduced, new Int8Options { ReduceRange = true });
        sbyte[] Values(ModelProto m) => m.Graph.Initializer.Where(t => t.DataType == (int)TensorProto.Types.DataType.Int8 && t.Dims.Count == 2)
            .SelectMany(t => t.RawData.ToByteArray()).Select(b => (sbyte)b).ToArray();
        Assert.Equal(63, Values(reduced).Max(v => Math.Abs((int)v)));
        Assert.Equal(127, Values(full).Max(v => Math.Abs((int)v)));
        Assert.NotEqual(full.ToByteArray(), reduced.ToByteArray());
    }

    [Fact]
    public void Refuses_a_three_dimensional_weight_naming_the_node()
    {
        var model = SyntheticMatMulGraph.Build();
        model.Graph.Initializer.Add(SyntheticMatMulGraph.Floats("W3", [1, 4, 3], SyntheticMatMulGraph.W));
        model.Graph.Node.Add(new NodeProto { OpType = "MatMul", Name = "batched_proj", Input = { "x", "W3" }, Output = { "y3" } });
        var before = model.ToByteArray();
        var error = Assert.Throws<InvalidDataException>(() => OnnxInt8Quantizer.Quantize(model));
        Assert.Contains("'batched_proj' (MatMul)", error.Message);
        Assert.Contains("2-D", error.Message);
        Assert.Equal(before, model.ToByteArray()); // nothing was rewritten half-way
    }

    [Fact]
    public void Refuses_an_integer_weight_naming_the_node()
    {
        var model = SyntheticMatMulGraph.Build();
        model.Graph.Initializer.Add(new TensorProto { Name = "Wi", DataType = (int)TensorProto.Types.DataType.Int32, Dims = { 4, 3 }, Int32Data = { new int[12] } });
        model.Graph.Node.Add(new NodeProto { OpType = "MatMul", Name = "int_proj", Input = { "x", "Wi" }, Output = { "yi" } });
        var error = Assert.Throws<InvalidDataException>(() => OnnxInt8Quantizer.Quantize(model));
        Assert.Contains("'int_proj' (MatMul)", error.Message);
        Assert.Contains("data type 6", error.Message);
    }

    [Fact]
    public void Refuses_a_scaled_gemm_naming_the_node()
    {
        var model = SyntheticMatMulGraph.Build();
        model.Graph.Node.Single(n => n.Name == "dense").Attribute.Add(new AttributeProto { Name = "alpha", Type = AttributeProto.Types.AttributeType.Float, F = 2f });
        var error = Assert.Throws<NotSupportedException>(() => OnnxInt8Quantizer.Quantize(model));
        Assert.Contains("'dense' (Gemm)", error.Message);
    }

    [Fact]
    public void Never_quantizes_a_graph_with_external_data()
    {
        var model = SyntheticMatMulGraph.Build();
        var w = model.Graph.Initializer.Single(t => t.Name == "W");
        w.FloatData.Clear();
        w.DataLocation = TensorProto.Types.DataLocation.External;
        w.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = "model.onnx.data" });
        var error = Assert.Throws<NotSupportedException>(() => OnnxInt8Quantizer.Quantize(model));
        Assert.Contains("'W'", error.Message);
        Assert.Contains("external data", error.Message);
    }

    private static (float[] Y, float[] Z) Run(byte[] graph)
    {
        using var session = new InferenceSession(graph);
        using var x = OrtValue.CreateTensorValueFromMemory(X, [2, SyntheticMatMulGraph.In]);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, ["x"], [x], ["y", "z"]);
        return (outputs[0].GetTensorDataAsSpan<float>().ToArray(), outputs[1].GetTensorDataAsSpan<float>().ToArray());
    }

    private static (float[] Y, float[] Z) Reference()
    {
        const int rows = 2, k = SyntheticMatMulGraph.In, n = SyntheticMatMulGraph.Out;
        var y = new float[rows * n];
        var z = new float[rows * n];
        for (var r = 0; r < rows; r++)
            for (var c = 0; c < n; c++)
            {
                float a = 0, b = SyntheticMatMulGraph.C[c];
                for (var i = 0; i < k; i++)
                {
                    a += X[r * k + i] * SyntheticMatMulGraph.W[i * n + c];
                    b += X[r * k + i] * SyntheticMatMulGraph.V[c * k + i];
                }
                y[r * n + c] = a;
                z[r * n + c] = b;
            }
        return (y, z);
    }
}
