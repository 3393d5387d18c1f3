using Google.Protobuf;
using LLMEmbed.Core.Onnx.Proto;

namespace LLMEmbed.Core.Onnx;

/// <summary>
/// Makes a BERT-style encoder graph output every block's hidden state. Block outputs are found
/// structurally: an encoder with L blocks holds 2L+1 LayerNorms in topological order (the
/// embedding LN, then per block the attention-output LN and the output LN); tap 0 is the
/// embedding LN and tap k the k-th block's output LN.
/// </summary>
public static class OnnxGraphTapper
{
    public const string TapPrefix = "llmembed_tap_";

    /// <summary>Tensor names of taps 0..layers, found structurally.</summary>
    public static string[] FindBlockOutputs(GraphProto graph, int layers, int hiddenSize)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(layers);
        var norms = LayerNormFinder.FindOutputs(graph, hiddenSize);
        if (norms.Count != 2 * layers + 1)
            throw new InvalidDataException(
                $"Expected {2 * layers + 1} LayerNorms of width {hiddenSize} (embeddings + 2 per block for {layers} blocks), found {norms.Count}. " +
                "The graph is not a post-LN BERT-style encoder of that shape; export it with hidden states as outputs and use tapMode \"outputs\".");
        var taps = new string[layers + 1];
        for (var k = 0; k <= layers; k++) taps[k] = norms[2 * k];
        return taps;
    }

    /// <summary>Adds graph outputs <c>llmembed_tap_0..layers</c> (Identity of each block output) and returns their names.</summary>
    public static string[] AddTapOutputs(ModelProto model, int layers, int hiddenSize)
    {
        ArgumentNullException.ThrowIfNull(model);
        var graph = model.Graph ?? throw new InvalidDataException("The model has no graph.");
        var sources = FindBlockOutputs(graph, layers, hiddenSize);
        var (batchDim, sequenceDim) = BatchAndSequenceDims(graph);
        var names = new string[sources.Length];
        for (var k = 0; k < sources.Length; k++)
        {
            names[k] = TapPrefix + k;
            if (graph.Output.Any(o => o.Name == names[k]))
                throw new InvalidDataException($"The graph already has an output named '{names[k]}'; was it tapped twice?");
            // An Identity gives each tap a stable name independent of the exporter's numbering.
            graph.Node.Add(new NodeProto { OpType = "Identity", Name = names[k], Input = { sources[k] }, Output = { names[k] } });
            graph.Output.Add(HiddenStateInfo(names[k], batchDim, sequenceDim, hiddenSize));
        }
        return names;
    }

    /// <summary>
    /// Reads <paramref name="sourcePath"/>, adds the tap outputs, lets <paramref name="transform"/> rewrite the
    /// tapped graph (int8 quantization), writes <paramref name="destinationPath"/>.
    /// </summary>
    public static string[] Tap(string sourcePath, string destinationPath, int layers, int hiddenSize, Action<ModelProto>? transform = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sourcePath);
        ArgumentException.ThrowIfNullOrWhiteSpace(destinationPath);
        ModelProto model;
        using (var input = File.OpenRead(sourcePath))
            model = ModelProto.Parser.ParseFrom(input);
        if (model.Graph?.Initializer.Any(t => t.DataLocation == TensorProto.Types.DataLocation.External) == true)
            throw new NotSupportedException(
                $"'{sourcePath}' keeps weights in external data files, which a tapped copy elsewhere could not find. " +
                "Export the model with hidden states as graph outputs and set tapMode \"outputs\" in its manifest.");
        string[] names;
        try
        {
            names = AddTapOutputs(model, layers, hiddenSize);
            transform?.Invoke(model);
        }
        catch (Exception e) when (e is InvalidDataException or NotSupportedException)
        {
            throw new InvalidDataException($"{sourcePath}: {e.Message}", e);
        }
        using (var output = File.Create(destinationPath))
            model.WriteTo(output);
        return names;
    }

    private static (TensorShapeProto.Types.Dimension Batch, TensorShapeProto.Types.Dimension Sequence) BatchAndSequenceDims(GraphProto graph)
    {
        // Reuse the input's symbolic dims so shape inference sees the same batch and sequence.
        var dims = graph.Input.FirstOrDefault()?.Type?.TensorType?.Shape?.Dim;
        if (dims is { Count: 2 }) return (dims[0].Clone(), dims[1].Clone());
        return (new() { DimParam = "batch" }, new() { DimParam = "sequence" });
    }

    private static ValueInfoProto HiddenStateInfo(string name, TensorShapeProto.Types.Dimension batch,
        TensorShapeProto.Types.Dimension sequence, int hiddenSize) => new()
    {
        Name = name,
        Type = new TypeProto
        {
            TensorType = new TypeProto.Types.Tensor
            {
                ElemType = (int)TensorProto.Types.DataType.Float,
                Shape = new TensorShapeProto { Dim = { batch, sequence, new TensorShapeProto.Types.Dimension { DimValue = hiddenSize } } },
            },
        },
    };
}
