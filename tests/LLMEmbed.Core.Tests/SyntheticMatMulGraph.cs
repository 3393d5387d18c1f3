using LLMEmbed.Core.Onnx.Proto;

/// <summary>
/// A tiny float graph for the int8 rewrite: y = x · W (MatMul, W [4, 3]) and
/// z = x · Vᵀ + c (Gemm with transB, V [3, 4], c [3]); x is [rows, 4].
/// </summary>
public static class SyntheticMatMulGraph
{
    public const int In = 4;
    public const int Out = 3;

    public static readonly float[] W = [0.5f, -1f, 0.25f, 2f, 0.1f, -0.3f, -0.7f, 0.9f, 1.5f, 0.05f, -2f, 0.6f];
    public static readonly float[] V = [1f, 0.2f, -0.4f, 0.8f, -1.2f, 0.3f, 0.7f, -0.1f, 0.05f, -0.6f, 1.1f, 0.9f];
    public static readonly float[] C = [0.1f, -0.2f, 0.3f];

    public static ModelProto Build()
    {
        var graph = new GraphProto { Name = "synthetic-matmul" };
        graph.Input.Add(FloatValue("x", In));
        graph.Initializer.Add(Floats("W", [In, Out], W));
        graph.Initializer.Add(Floats("V", [Out, In], V));
        graph.Initializer.Add(Floats("c", [Out], C));
        graph.Node.Add(new NodeProto { OpType = "MatMul", Name = "proj", Input = { "x", "W" }, Output = { "y" } });
        var gemm = new NodeProto { OpType = "Gemm", Name = "dense", Input = { "x", "V", "c" }, Output = { "z" } };
        gemm.Attribute.Add(new AttributeProto { Name = "transB", Type = AttributeProto.Types.AttributeType.Int, I = 1 });
        graph.Node.Add(gemm);
        graph.Output.Add(FloatValue("y", Out));
        graph.Output.Add(FloatValue("z", Out));
        var model = new ModelProto { IrVersion = 8, ProducerName = "llmembed-tests", Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 13 });
        return model;
    }

    public static TensorProto Floats(string name, long[] dims, IEnumerable<float> values) =>
        new() { Name = name, DataType = (int)TensorProto.Types.DataType.Float, Dims = { dims }, FloatData = { values } };

    private static ValueInfoProto FloatValue(string name, int width) => new()
    {
        Name = name,
        Type = new TypeProto
        {
            TensorType = new TypeProto.Types.Tensor
            {
                ElemType = (int)TensorProto.Types.DataType.Float,
                Shape = new TensorShapeProto
                {
                    Dim = { new TensorShapeProto.Types.Dimension { DimParam = "rows" }, new TensorShapeProto.Types.Dimension { DimValue = width } },
                },
            },
        },
    };
}
