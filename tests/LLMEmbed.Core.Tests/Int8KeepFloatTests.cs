using Google.Protobuf;
using LLMEmbed.Core.Onnx;
using LLMEmbed.Core.Onnx.Proto;

/// <summary>Int8Options.KeepFloat on the tiny synthetic graph: what it keeps, determinism, and errors that name the entry.</summary>
public sealed class Int8KeepFloatTests
{
    [Fact]
    public void Kept_mat_mul_stays_float_and_the_report_names_it()
    {
        var model = SyntheticMatMulGraph.Build();
        // proj's weight is [4, 3]: wider in than out, the shape of an FFN output projection (block 1).
        var report = OnnxInt8Quantizer.Quantize(model, new Int8Options { KeepFloat = ["ffn-out:1"] });
        Assert.Equal(["proj"], report.KeptFloat);
        Assert.Equal(0, report.MatMulsRewritten);
        Assert.Equal(1, report.GemmsRewritten);
        Assert.Equal(1, report.MatMulsLeftFloat);
        var proj = Assert.Single(model.Graph.Node, n => n.OpType == "MatMul");
        Assert.Equal("W", proj.Input[1]);
        Assert.Contains(model.Graph.Initializer, t => t.Name == "W" && t.DataType == (int)TensorProto.Types.DataType.Float);
        Assert.Single(model.Graph.Node, n => n.OpType == "MatMulInteger"); // the Gemm's
    }

    [Fact]
    public void Same_options_give_the_same_bytes_and_other_options_other_bytes()
    {
        byte[] Bytes(params string[] keep)
        {
            var model = SyntheticMatMulGraph.Build();
            OnnxInt8Quantizer.Quantize(model, new Int8Options { KeepFloat = keep });
            return model.ToByteArray();
        }
        Assert.Equal(Bytes("node:proj"), Bytes("node:proj"));
        Assert.Equal(Bytes("node:proj"), Bytes("ffn-out")); // two names for one node
        Assert.NotEqual(Bytes(), Bytes("ffn-out"));
        Assert.Equal("form=MatMulInteger;keep-float=ffn-out:6", new Int8Options { KeepFloat = ["ffn-out:6"] }.Describe());
    }

    [Theory]
    [InlineData("ffn-out:2")]
    [InlineData("qkv")]
    [InlineData("node:no_such_node")]
    public void An_entry_that_matches_nothing_fails_naming_it_and_leaves_the_graph_alone(string entry)
    {
        var model = SyntheticMatMulGraph.Build();
        var before = model.ToByteArray();
        var error = Assert.Throws<ArgumentException>(() => OnnxInt8Quantizer.Quantize(model, new Int8Options { KeepFloat = ["ffn-out", entry] }));
        Assert.Contains($"'{entry}'", error.Message);
        Assert.Contains("matches no", error.Message);
        Assert.Equal(before, model.ToByteArray());
    }

    [Theory]
    [InlineData("ffn-mid")]
    [InlineData("ffn-out:0")]
    [InlineData("ffn-out:x")]
    [InlineData("ffn-out:1:2")]
    public void A_malformed_entry_fails_naming_it(string entry)
    {
        var error = Assert.Throws<ArgumentException>(() => OnnxInt8Quantizer.Quantize(SyntheticMatMulGraph.Build(), new Int8Options { KeepFloat = [entry] }));
        Assert.Contains($"'{entry}'", error.Message);
    }
}
