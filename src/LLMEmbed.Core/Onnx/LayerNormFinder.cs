using LLMEmbed.Core.Onnx.Proto;

namespace LLMEmbed.Core.Onnx;

/// <summary>
/// Finds the outputs of every LayerNorm in a graph by its structure, never by tensor names.
/// Exporters either emit one LayerNormalization node, or decompose it as
/// d = x - ReduceMean(x); y = d / Sqrt(ReduceMean(Pow(d, 2)) + eps) * weight + bias,
/// where weight and bias are 1-D constants of the hidden width. The bias Add's output is the
/// normalised tensor the next block reads.
/// </summary>
public static class LayerNormFinder
{
    /// <summary>LayerNorm output tensor names, in the graph's (topological) node order.</summary>
    public static IReadOnlyList<string> FindOutputs(GraphProto graph, int hiddenSize)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hiddenSize);
        var index = new GraphIndex(graph);
        var outputs = new List<string>();
        foreach (var node in graph.Node)
        {
            if (node.OpType == "LayerNormalization" && node.Domain is "" or "ai.onnx" && node.Input.Count >= 2
                && index.ConstantLength(node.Input[1]) == hiddenSize)
            {
                outputs.Add(node.Output[0]);
            }
            else if (node.OpType == "Div" && TryMatchDecomposed(index, node, hiddenSize, out var output))
            {
                outputs.Add(output);
            }
        }
        return outputs;
    }

    private static bool TryMatchDecomposed(GraphIndex index, NodeProto div, int hiddenSize, out string output)
    {
        output = "";
        if (div.Input.Count != 2) return false;
        var centred = div.Input[0];

        // Numerator: x - ReduceMean(x).
        var sub = index.Producer(centred);
        if (sub is not { OpType: "Sub" } || sub.Input.Count != 2) return false;
        var mean = index.Producer(sub.Input[1]);
        if (mean is not { OpType: "ReduceMean" } || mean.Input.Count < 1 || mean.Input[0] != sub.Input[0]) return false;

        // Denominator: Sqrt(ReduceMean(Pow(centred, 2)) + eps).
        var sqrt = index.Producer(div.Input[1]);
        if (sqrt is not { OpType: "Sqrt" }) return false;
        var addEps = index.Producer(sqrt.Input[0]);
        if (addEps is not { OpType: "Add" }) return false;
        var variance = addEps.Input.Select(index.Producer).FirstOrDefault(n => n is { OpType: "ReduceMean" });
        if (variance is null) return false;
        var square = index.Producer(variance.Input[0]);
        if (square is not { OpType: "Pow" or "Mul" } || square.Input[0] != centred) return false;

        // Affine tail: * weight + bias, both 1-D of the hidden width.
        var scale = index.SoleConsumer(div.Output[0]);
        if (scale is not { OpType: "Mul" } || !HasHiddenConstant(index, scale, div.Output[0], hiddenSize)) return false;
        var shift = index.SoleConsumer(scale.Output[0]);
        if (shift is not { OpType: "Add" } || !HasHiddenConstant(index, shift, scale.Output[0], hiddenSize)) return false;
        output = shift.Output[0];
        return true;
    }

    private static bool HasHiddenConstant(GraphIndex index, NodeProto node, string dataInput, int hiddenSize)
    {
        if (node.Input.Count != 2) return false;
        var other = node.Input[0] == dataInput ? node.Input[1] : node.Input[0];
        return index.ConstantLength(other) == hiddenSize;
    }
}
