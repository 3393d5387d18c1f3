using Google.Protobuf;
using LLMEmbed.Core.Onnx;
using LLMEmbed.Core.Onnx.Proto;

[Collection(MiniLmCollection.Name)]
public sealed class OnnxTapperTests(MiniLmFixture model)
{
    private ModelProto LoadOriginal()
    {
        using var stream = File.OpenRead(model.Files.ModelPath);
        return ModelProto.Parser.ParseFrom(stream);
    }

    [Fact]
    public void Finds_thirteen_layer_norms_in_topological_order()
    {
        var graph = LoadOriginal().Graph;
        var norms = LayerNormFinder.FindOutputs(graph, 384);
        Assert.Equal(13, norms.Count);
        var position = graph.Node.Select((n, i) => (n, i)).SelectMany(p => p.n.Output.Select(o => (o, p.i))).ToDictionary(x => x.o, x => x.i);
        Assert.True(norms.Select(n => position[n]).SequenceEqual(norms.Select(n => position[n]).Order()));
        // The encoder's final LayerNorm is what the exporter exposed as last_hidden_state (or feeds it directly).
        Assert.Contains(graph.Node, n => n.Output.Contains("last_hidden_state") && (n.Output[0] == norms[^1] || n.Input.Contains(norms[^1])));
    }

    [Fact]
    public void Wrong_width_finds_no_layer_norm()
    {
        Assert.Empty(LayerNormFinder.FindOutputs(LoadOriginal().Graph, 768));
    }

    [Fact]
    public void Wrong_layer_count_fails_clearly()
    {
        var error = Assert.Throws<InvalidDataException>(() => OnnxGraphTapper.FindBlockOutputs(LoadOriginal().Graph, 5, 384));
        Assert.Contains("Expected 11", error.Message);
        Assert.Contains("found 13", error.Message);
    }

    [Fact]
    public void Adds_seven_float_outputs_with_symbolic_batch_and_sequence()
    {
        var proto = LoadOriginal();
        var before = proto.Graph.Output.Count;
        var names = OnnxGraphTapper.AddTapOutputs(proto, 6, 384);
        Assert.Equal(7, names.Length);
        Assert.Equal(before + 7, proto.Graph.Output.Count);
        foreach (var output in proto.Graph.Output.Skip(before))
        {
            var tensor = output.Type.TensorType;
            Assert.Equal((int)TensorProto.Types.DataType.Float, tensor.ElemType);
            Assert.Equal(3, tensor.Shape.Dim.Count);
            Assert.True(tensor.Shape.Dim[0].HasDimParam);
            Assert.True(tensor.Shape.Dim[1].HasDimParam);
            Assert.Equal(384, tensor.Shape.Dim[2].DimValue);
        }
        Assert.Throws<InvalidDataException>(() => OnnxGraphTapper.AddTapOutputs(proto, 6, 384));
    }

    [Fact]
    public void Undeclared_fields_survive_a_round_trip()
    {
        var proto = new ModelProto { IrVersion = 8, Graph = new GraphProto { Name = "g" } };
        // Field 14 (metadata_props upstream) is not in the subset: it must come back byte for byte.
        var extra = new byte[] { 0x72, 0x03, 0x0A, 0x01, 0x6B };
        var bytes = proto.ToByteArray().Concat(extra).ToArray();
        var parsed = ModelProto.Parser.ParseFrom(bytes);
        Assert.Equal(bytes, parsed.ToByteArray());
    }

    [Fact]
    public void Zero_scalars_keep_presence()
    {
        var parsed = ModelProto.Parser.ParseFrom(new ModelProto { IrVersion = 0 }.ToByteArray());
        Assert.True(parsed.HasIrVersion);
        Assert.False(parsed.HasModelVersion);
    }

    [Fact]
    public void Taps_the_arctic_graph_structurally_too()
    {
        var arctic = model.Catalog.Get("arctic-xs");
        var files = model.Store.Ensure(arctic);
        using var stream = File.OpenRead(files.TappedModelPath);
        var tapped = ModelProto.Parser.ParseFrom(stream);
        Assert.Equal(files.TapOutputNames, tapped.Graph.Output.Select(o => o.Name).Where(n => n.StartsWith(OnnxGraphTapper.TapPrefix)));
        Assert.Equal(7, files.TapOutputNames.Length);
    }
}
