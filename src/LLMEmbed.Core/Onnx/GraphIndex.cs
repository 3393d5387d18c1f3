using LLMEmbed.Core.Onnx.Proto;

namespace LLMEmbed.Core.Onnx;

/// <summary>Producer / consumer / constant look-ups over one graph, built once.</summary>
internal sealed class GraphIndex
{
    private readonly Dictionary<string, NodeProto> _producers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<NodeProto>> _consumers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TensorProto> _constants = new(StringComparer.Ordinal);

    public GraphIndex(GraphProto graph)
    {
        foreach (var tensor in graph.Initializer) _constants[tensor.Name] = tensor;
        foreach (var node in graph.Node)
        {
            foreach (var output in node.Output) _producers[output] = node;
            foreach (var input in node.Input)
            {
                if (!_consumers.TryGetValue(input, out var list)) _consumers[input] = list = [];
                list.Add(node);
            }
            if (node.OpType == "Constant" && node.Output.Count == 1)
            {
                var value = node.Attribute.FirstOrDefault(a => a.Name == "value");
                if (value?.T is not null) _constants[node.Output[0]] = value.T;
            }
        }
    }

    public NodeProto? Producer(string tensor) => _producers.GetValueOrDefault(tensor);

    /// <summary>The only node reading <paramref name="tensor"/>, or null when there are none or several.</summary>
    public NodeProto? SoleConsumer(string tensor) =>
        _consumers.TryGetValue(tensor, out var list) && list.Count == 1 ? list[0] : null;

    /// <summary>Length of a 1-D constant (initializer or Constant node), or -1 when the tensor is not one.</summary>
    public long ConstantLength(string tensor) =>
        _constants.TryGetValue(tensor, out var t) && t.Dims.Count == 1 ? t.Dims[0] : -1;
}
