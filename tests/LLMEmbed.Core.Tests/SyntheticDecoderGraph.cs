using Google.Protobuf;
using LLMEmbed.Core.Onnx.Proto;

/// <summary>
/// A tiny decoder-shaped ONNX graph built with the project's own proto classes:
/// hidden_0 = E[input_ids] + P[position_ids];  hidden_1 = 2 * hidden_0 + mask;
/// hidden_2 = CumSum(hidden_1, over the sequence) — a causal "block" whose last position sums
/// every position before it, pads included, so the padding side shows in its value. Hidden width 2.
/// </summary>
public static class SyntheticDecoderGraph
{
    public const int Vocabulary = 6;
    public const int Positions = 16;

    /// <summary>Embedding of token i: (i, -i / 2).</summary>
    public static (float, float) Embedding(int id) => (id, -id / 2f);

    /// <summary>Position embedding of p: (p / 100, 0).</summary>
    public static (float, float) Position(int p) => (p / 100f, 0f);

    public static void Write(string path)
    {
        var graph = new GraphProto { Name = "synthetic-decoder" };
        graph.Input.Add(Int64Input("input_ids"));
        graph.Input.Add(Int64Input("attention_mask"));
        graph.Input.Add(Int64Input("position_ids"));
        graph.Initializer.Add(FloatTensor("E", [Vocabulary, 2], Enumerable.Range(0, Vocabulary).SelectMany(i => new[] { Embedding(i).Item1, Embedding(i).Item2 })));
        graph.Initializer.Add(FloatTensor("P", [Positions, 2], Enumerable.Range(0, Positions).SelectMany(p => new[] { Position(p).Item1, Position(p).Item2 })));
        graph.Initializer.Add(FloatTensor("two", [], [2f]));
        graph.Initializer.Add(new TensorProto { Name = "axes", DataType = (int)TensorProto.Types.DataType.Int64, Dims = { 1 }, Int64Data = { 2 } });
        graph.Initializer.Add(new TensorProto { Name = "seq_axis", DataType = (int)TensorProto.Types.DataType.Int64, Int64Data = { 1 } });

        graph.Node.Add(Node("Gather", ["E", "input_ids"], "tok"));
        graph.Node.Add(Node("Gather", ["P", "position_ids"], "pos"));
        graph.Node.Add(Node("Add", ["tok", "pos"], "hidden_0"));
        graph.Node.Add(Node("Mul", ["hidden_0", "two"], "doubled"));
        var cast = Node("Cast", ["attention_mask"], "mask_f");
        cast.Attribute.Add(new AttributeProto { Name = "to", Type = AttributeProto.Types.AttributeType.Int, I = (long)TensorProto.Types.DataType.Float });
        graph.Node.Add(cast);
        graph.Node.Add(Node("Unsqueeze", ["mask_f", "axes"], "mask_3d"));
        graph.Node.Add(Node("Add", ["doubled", "mask_3d"], "hidden_1"));
        graph.Node.Add(Node("CumSum", ["hidden_1", "seq_axis"], "hidden_2"));
        foreach (var name in new[] { "hidden_0", "hidden_1", "hidden_2" }) graph.Output.Add(FloatOutput(name));

        var model = new ModelProto { IrVersion = 8, ProducerName = "llmembed-tests", Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 13 });
        File.WriteAllBytes(path, model.ToByteArray());
    }

    private static NodeProto Node(string op, string[] inputs, string output) =>
        new() { OpType = op, Name = output + "_" + op, Input = { inputs }, Output = { output } };

    private static TensorProto FloatTensor(string name, long[] dims, IEnumerable<float> values) =>
        new() { Name = name, DataType = (int)TensorProto.Types.DataType.Float, Dims = { dims }, FloatData = { values } };

    private static ValueInfoProto Int64Input(string name) => new()
    {
        Name = name,
        Type = new TypeProto
        {
            TensorType = new TypeProto.Types.Tensor
            {
                ElemType = (int)TensorProto.Types.DataType.Int64,
                Shape = new TensorShapeProto { Dim = { new TensorShapeProto.Types.Dimension { DimParam = "batch" }, new TensorShapeProto.Types.Dimension { DimParam = "sequence" } } },
            },
        },
    };

    private static ValueInfoProto FloatOutput(string name) => new()
    {
        Name = name,
        Type = new TypeProto
        {
            TensorType = new TypeProto.Types.Tensor
            {
                ElemType = (int)TensorProto.Types.DataType.Float,
                Shape = new TensorShapeProto
                {
                    Dim =
                    {
                        new TensorShapeProto.Types.Dimension { DimParam = "batch" },
                        new TensorShapeProto.Types.Dimension { DimParam = "sequence" },
                        new TensorShapeProto.Types.Dimension { DimValue = 2 },
                    },
                },
            },
        },
    };
}
