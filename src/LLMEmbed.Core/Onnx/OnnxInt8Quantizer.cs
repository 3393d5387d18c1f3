using Google.Protobuf;
using LLMEmbed.Core.Onnx.Proto;

namespace LLMEmbed.Core.Onnx;

/// <summary>
/// Dynamic int8 quantization of a float graph, written on the project's proto subset: every
/// MatMul (and plain Gemm) whose second input is a float initializer becomes an int8 MatMul
/// with per-output-column symmetric weights; activations are quantized per call by ONNX
/// Runtime. Every other node (LayerNorm, softmax, GELU, attention's activation × activation
/// MatMuls) and every graph output stays float, so tapped outputs keep their names and types.
/// The rewrite is a pure function of the input graph: same graph, same bytes. The default form is
/// standard MatMulInteger, which ONNX Runtime fuses into one kernel and which ran faster than the
/// DynamicQuantizeMatMul contrib op in both interleaved probes (models/README.md).
/// </summary>
public static class OnnxInt8Quantizer
{
    public const string MicrosoftDomain = "com.microsoft";
    /// <summary>Suffix of every initializer and node the rewrite adds, so a second pass can recognise a quantized graph.</summary>
    public const string Suffix = "_llmembed_int8";

    private static readonly HashSet<string> QuantizedOps = new(StringComparer.Ordinal)
    {
        "DynamicQuantizeMatMul", "MatMulInteger", "MatMulIntegerToFloat", "QLinearMatMul", "DynamicQuantizeLinear", "QuantizeLinear", "DequantizeLinear",
    };

    /// <summary>Reads <paramref name="sourcePath"/>, quantizes it, writes <paramref name="destinationPath"/>.</summary>
    public static QuantizationReport Quantize(string sourcePath, string destinationPath, Int8Options? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sourcePath);
        ArgumentException.ThrowIfNullOrWhiteSpace(destinationPath);
        ModelProto model;
        using (var input = File.OpenRead(sourcePath))
            model = ModelProto.Parser.ParseFrom(input);
        QuantizationReport report;
        try
        {
            report = Quantize(model, options);
        }
        catch (Exception e) when (e is InvalidDataException or NotSupportedException)
        {
            throw new InvalidDataException($"{sourcePath}: {e.Message}", e);
        }
        using (var output = File.Create(destinationPath))
            model.WriteTo(output);
        return report;
    }

    /// <summary>Rewrites <paramref name="model"/> in place. Throws, naming the node, on anything it does not understand, leaving the model untouched.</summary>
    public static QuantizationReport Quantize(ModelProto model, Int8Form form) => Quantize(model, new Int8Options { Form = form });

    /// <summary>Rewrites <paramref name="model"/> in place. Throws, naming the node, on anything it does not understand, leaving the model untouched.</summary>
    public static QuantizationReport Quantize(ModelProto model, Int8Options? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= Int8Options.Default;
        var form = options.Form;
        var selectors = options.KeepFloat.Select(MatMulSelector.Parse).ToArray();
        var graph = model.Graph ?? throw new InvalidDataException("The model has no graph.");
        if (graph.Initializer.FirstOrDefault(t => t.DataLocation == TensorProto.Types.DataLocation.External) is { } external)
            throw new NotSupportedException(
                $"Initializer '{external.Name}' lives in an external data file; int8 quantization reads and rewrites weights in the .onnx file " +
                "and will not guess at files beside it. Quantize such a model where it was exported, or run it in fp32.");
        var initializers = new Dictionary<string, TensorProto>(StringComparer.Ordinal);
        foreach (var tensor in graph.Initializer) initializers[tensor.Name] = tensor;
        var plans = Plan(graph, initializers);
        var keptFloat = KeepFloat(plans, selectors);
        plans = plans.Where(p => !keptFloat.Contains(p)).ToList();
        if (form == Int8Form.MatMulInteger && plans.Count > 0) RequireOpset(model, 10);

        // Planning threw on anything unsupported; from here on the rewrite cannot fail half-way.
        var quantized = new Dictionary<string, (string Values, string Scales, string ZeroPoint)>(StringComparer.Ordinal);
        var added = new List<TensorProto>();
        var replacement = new Dictionary<NodeProto, NodeProto[]>();
        foreach (var plan in plans)
        {
            var key = plan.Weight + (plan.Transposed ? "|T" : "");
            if (!quantized.TryGetValue(key, out var names))
            {
                var tensor = initializers[plan.Weight];
                var weights = Int8Weights.Quantize(Int8Weights.ReadFloats(tensor), plan.K, plan.N, plan.Transposed, options.WeightLevels);
                var stem = plan.Weight + (plan.Transposed ? "_t" : "") + Suffix;
                names = (stem, stem + "_scale", stem + "_zero_point");
                added.Add(weights.ValuesTensor(names.Values));
                added.Add(weights.ScalesTensor(names.Scales));
                added.Add(weights.ZeroPointTensor(names.ZeroPoint));
                quantized[key] = names;
            }
            replacement[plan.Node] = form == Int8Form.DynamicQuantizeMatMul
                ? [DynamicQuantizeMatMul(plan, names)]
                : MatMulInteger(plan, names);
        }

        var nodes = graph.Node.SelectMany(n => replacement.TryGetValue(n, out var r) ? r : [n]).ToList();
        graph.Node.Clear();
        graph.Node.AddRange(nodes);
        var stillRead = new HashSet<string>(nodes.SelectMany(n => n.Input).Concat(graph.Output.Select(o => o.Name)), StringComparer.Ordinal);
        var kept = graph.Initializer.Where(t => stillRead.Contains(t.Name)).Concat(added).ToList();
        graph.Initializer.Clear();
        graph.Initializer.AddRange(kept);
        // Graph inputs that merely declared a replaced initializer (older IR) would now dangle.
        var inputs = graph.Input.Where(i => !initializers.ContainsKey(i.Name) || stillRead.Contains(i.Name)).ToList();
        graph.Input.Clear();
        graph.Input.AddRange(inputs);
        if (form == Int8Form.DynamicQuantizeMatMul && plans.Count > 0 && !model.OpsetImport.Any(o => o.Domain == MicrosoftDomain))
            model.OpsetImport.Add(new OperatorSetIdProto { Domain = MicrosoftDomain, Version = 1 });

        var leftFloat = nodes.Count(n => n.OpType == "MatMul" && IsStandard(n));
        return new QuantizationReport(plans.Count(p => !p.IsGemm), plans.Count(p => p.IsGemm), leftFloat, quantized.Count)
        {
            KeptFloat = keptFloat.Select(p => NameOf(p.Node)).ToArray(),
        };
    }

    /// <summary>The planned rewrites the selectors name; a selector that names none is an error, so a typo never silently quantizes everything.</summary>
    private static HashSet<Rewrite> KeepFloat(List<Rewrite> plans, MatMulSelector[] selectors)
    {
        var kept = new HashSet<Rewrite>();
        if (selectors.Length == 0) return kept;
        var roles = Roles(plans);
        foreach (var selector in selectors)
        {
            var matched = plans.Where(p => roles[p] is var (role, block) && selector.Matches(NameOf(p.Node), role, block)).ToArray();
            if (matched.Length == 0)
            {
                var blocks = roles.Values.Count(r => r.Role == "ffn-out");
                throw new ArgumentException(
                    $"KeepFloat entry '{selector.Text}' matches no constant-weight MatMul; the graph has {blocks} blocks ending in an ffn-out MatMul.");
            }
            kept.UnionWith(matched);
        }
        return kept;
    }

    private static Dictionary<Rewrite, (string Role, int Block)> Roles(List<Rewrite> plans)
    {
        var squareInputs = plans.Where(p => !p.IsGemm && p.K == p.N).GroupBy(p => p.Node.Input[0]).ToDictionary(g => g.Key, g => g.Count());
        var roles = new Dictionary<Rewrite, (string, int)>();
        var block = 1;
        foreach (var plan in plans)
        {
            var role = plan.IsGemm ? "gemm"
                : plan.K < plan.N ? "ffn-in"
                : plan.K > plan.N ? "ffn-out"
                : squareInputs[plan.Node.Input[0]] > 1 ? "qkv" : "attn-out";
            roles[plan] = (role, block);
            if (role == "ffn-out") block++;
        }
        return roles;
    }

    private sealed record Rewrite(NodeProto Node, string Weight, long K, long N, bool Transposed, string? Bias, bool IsGemm);

    private static List<Rewrite> Plan(GraphProto graph, Dictionary<string, TensorProto> initializers)
    {
        var plans = new List<Rewrite>();
        var constantNodes = new HashSet<string>(graph.Node.Where(n => n.OpType == "Constant").SelectMany(n => n.Output), StringComparer.Ordinal);
        foreach (var node in graph.Node)
        {
            if (node.Attribute.Any(a => a.G is not null || a.Graphs.Count > 0))
                throw new NotSupportedException($"Node {Describe(node)} holds a subgraph; control flow is not quantized.");
            if (QuantizedOps.Contains(node.OpType) || node.Output.Concat(node.Input).Any(o => o.EndsWith(Suffix, StringComparison.Ordinal)))
                throw new InvalidDataException($"Node {Describe(node)} is already a quantized op; the graph is quantized already.");
            if (!IsStandard(node)) continue;
            if (node.OpType is "MatMul" or "Gemm" && node.Input.Count >= 2 && constantNodes.Contains(node.Input[1]))
                throw new NotSupportedException($"Node {Describe(node)} reads its weight '{node.Input[1]}' from a Constant node; only initializer weights are quantized.");
            if (node.OpType == "MatMul" && node.Input.Count == 2 && initializers.TryGetValue(node.Input[1], out var weight))
            {
                var (k, n) = Matrix(node, weight);
                plans.Add(new Rewrite(node, weight.Name, k, n, Transposed: false, Bias: null, IsGemm: false));
            }
            else if (node.OpType == "Gemm" && node.Input.Count >= 2 && initializers.TryGetValue(node.Input[1], out var gemmWeight))
            {
                plans.Add(PlanGemm(node, gemmWeight, initializers));
            }
        }
        return plans;
    }

    private static Rewrite PlanGemm(NodeProto node, TensorProto weight, Dictionary<string, TensorProto> initializers)
    {
        float Float(string name, float fallback) => node.Attribute.FirstOrDefault(a => a.Name == name) is { } a ? a.F : fallback;
        long Int(string name) => node.Attribute.FirstOrDefault(a => a.Name == name)?.I ?? 0;
        if (Float("alpha", 1f) != 1f || Float("beta", 1f) != 1f || Int("transA") != 0)
            throw new NotSupportedException($"Node {Describe(node)} uses alpha, beta or transA; only Y = A·B (+ C) with optional transB is quantized.");
        var transposed = Int("transB") != 0;
        var (rows, columns) = Matrix(node, weight);
        var (k, n) = transposed ? (columns, rows) : (rows, columns);
        string? bias = null;
        if (node.Input.Count >= 3 && node.Input[2] != "")
        {
            if (!initializers.TryGetValue(node.Input[2], out var c) || c.Dims.Count != 1 || c.Dims[0] != n
                || c.DataType != (int)TensorProto.Types.DataType.Float)
                throw new NotSupportedException($"Node {Describe(node)} has a C input that is not a constant float vector of length {n}.");
            bias = c.Name;
        }
        return new Rewrite(node, weight.Name, k, n, transposed, bias, IsGemm: true);
    }

    private static (long Rows, long Columns) Matrix(NodeProto node, TensorProto weight)
    {
        if (weight.DataType != (int)TensorProto.Types.DataType.Float)
            throw new InvalidDataException(
                $"Node {Describe(node)} has constant weight '{weight.Name}' of ONNX data type {weight.DataType}; only float (1) weights are quantized.");
        if (weight.Dims.Count != 2)
            throw new InvalidDataException(
                $"Node {Describe(node)} has constant weight '{weight.Name}' of shape [{string.Join(", ", weight.Dims)}]; only 2-D weights are quantized.");
        return (weight.Dims[0], weight.Dims[1]);
    }

    private static NodeProto DynamicQuantizeMatMul(Rewrite plan, (string Values, string Scales, string ZeroPoint) names)
    {
        var node = new NodeProto
        {
            OpType = "DynamicQuantizeMatMul",
            Domain = MicrosoftDomain,
            Name = NameOf(plan.Node) + Suffix,
            Input = { plan.Node.Input[0], names.Values, names.Scales, names.ZeroPoint },
            Output = { plan.Node.Output[0] },
        };
        if (plan.Bias is not null) node.Input.Add(plan.Bias);
        return node;
    }

    private static NodeProto[] MatMulInteger(Rewrite plan, (string Values, string Scales, string ZeroPoint) names)
    {
        var stem = NameOf(plan.Node) + Suffix;
        var output = plan.Node.Output[0];
        var nodes = new List<NodeProto>
        {
            new() { OpType = "DynamicQuantizeLinear", Name = stem + "_quantize", Input = { plan.Node.Input[0] }, Output = { stem + "_a", stem + "_a_scale", stem + "_a_zero_point" } },
            new() { OpType = "MatMulInteger", Name = stem + "_matmul", Input = { stem + "_a", names.Values, stem + "_a_zero_point", names.ZeroPoint }, Output = { stem + "_int32" } },
            new()
            {
                OpType = "Cast", Name = stem + "_cast", Input = { stem + "_int32" }, Output = { stem + "_float" },
                Attribute = { new AttributeProto { Name = "to", Type = AttributeProto.Types.AttributeType.Int, I = (long)TensorProto.Types.DataType.Float } },
            },
            new() { OpType = "Mul", Name = stem + "_scales", Input = { stem + "_a_scale", names.Scales }, Output = { stem + "_scale" } },
        };
        var scaled = plan.Bias is null ? output : stem + "_scaled";
        nodes.Add(new NodeProto { OpType = "Mul", Name = stem + "_rescale", Input = { stem + "_float", stem + "_scale" }, Output = { scaled } });
        if (plan.Bias is not null) nodes.Add(new NodeProto { OpType = "Add", Name = stem + "_bias", Input = { scaled, plan.Bias }, Output = { output } });
        return nodes.ToArray();
    }

    private static void RequireOpset(ModelProto model, long version)
    {
        var standard = model.OpsetImport.FirstOrDefault(o => o.Domain is "" or "ai.onnx");
        if (standard is null || standard.Version < version)
            throw new NotSupportedException($"MatMulInteger needs ONNX opset {version} or later; the model imports {standard?.Version.ToString() ?? "none"}.");
    }

    private static bool IsStandard(NodeProto node) => node.Domain is "" or "ai.onnx";

    private static string NameOf(NodeProto node) => node.Name is { Length: > 0 } name ? name : node.Output[0];

    private static string Describe(NodeProto node) => $"'{NameOf(node)}' ({node.OpType})";
}
