using System.Security.Cryptography;
using Google.Protobuf;
using LLMEmbed.Core.Backbones;
using LLMEmbed.Core.Data;
using LLMEmbed.Core.Onnx;
using LLMEmbed.Core.Onnx.Proto;
using LLMEmbed.Core.Pooling;
using LLMEmbed.Core.Tests;
using LLMEmbed.Core.Tokenization;

/// <summary>The int8 rewrite on the real MiniLM graph: what it changes, how close its taps stay to fp32, determinism.</summary>
[Collection(MiniLmCollection.Name)]
public sealed class Int8QuantizerTests(MiniLmFixture model)
{
    /// <summary>
    /// Bounds on the cosine between fp32 and int8 mean-pooled taps, 64 real texts through the runner
    /// (length-sorted batches of up to 16, 256 tokens). Measured 2026-12-02 on an AVX2-only AMD EPYC
    /// (models/README.md has the table): MiniLM lowest per tap 1..6 0.9968 0.9962 0.9949 0.9924 0.9880
    /// 0.9550, mean 0.9980 .. 0.9924; arctic-xs lowest 0.9956 .. 0.9962, mean >= 0.9969. The MiniLM
    /// tap-6 worst is the 3-token text "ok" (a mean over 3 tokens averages no error away); keeping
    /// every FFN MatMul in fp32 only lifts it to 0.990, so the shipped variants quantize all and the
    /// bound sits below what was measured with room for other CPUs' int8 kernels.
    /// </summary>
    private const double MeanBound = 0.99;

    private static readonly Dictionary<string, double[]> WorstBounds = new()
    {
        ["minilm-l6"] = [0.98, 0.98, 0.98, 0.98, 0.975, 0.94],
        ["arctic-xs"] = [0.99, 0.99, 0.99, 0.99, 0.99, 0.99],
    };

    private ModelProto LoadOriginal()
    {
        using var stream = File.OpenRead(model.Files.ModelPath);
        return ModelProto.Parser.ParseFrom(stream);
    }

    [Fact]
    public void Rewrites_every_constant_weight_mat_mul_and_leaves_norms_and_attention_float()
    {
        var proto = LoadOriginal();
        var report = OnnxInt8Quantizer.Quantize(proto);
        // Per block: Q, K, V, attention output, FFN in, FFN out = 6 weight MatMuls; x 6 blocks. Plus the pooler Gemm.
        Assert.Equal(36, report.MatMulsRewritten);
        Assert.Equal(1, report.GemmsRewritten);
        // Per block: scores Q·Kᵀ and probabilities · V multiply two activations and stay float.
        Assert.Equal(12, report.MatMulsLeftFloat);
        var graph = proto.Graph;
        var initializers = graph.Initializer.Select(t => t.Name).ToHashSet();
        Assert.DoesNotContain(graph.Node, n => n.OpType is "MatMul" or "Gemm" && initializers.Contains(n.Input[1]));
        var quantized = graph.Node.Where(n => n.OpType == "MatMulInteger").ToArray();
        Assert.Equal(37, quantized.Length);
        Assert.Equal(37, graph.Node.Count(n => n.OpType == "DynamicQuantizeLinear")); // activations, per call
        var byName = graph.Initializer.ToDictionary(t => t.Name);
        Assert.All(quantized, n =>
        {
            var weight = byName[n.Input[1]];
            Assert.Equal((int)TensorProto.Types.DataType.Int8, weight.DataType);
            Assert.Equal(weight.Dims[1], byName[n.Input[1] + "_scale"].Dims.Single()); // one scale per output column
            Assert.All(byName[n.Input[3]].RawData.ToByteArray(), b => Assert.Equal(0, b)); // symmetric
        });
        Assert.Equal(13, LayerNormFinder.FindOutputs(graph, 384).Count);
        Assert.DoesNotContain(graph.Initializer, t => t.DataType == (int)TensorProto.Types.DataType.Float && t.Dims.Count == 2 && t.Dims[0] == 384 && t.Dims[1] == 1536);
        // Quantized twice is refused, naming a node.
        var again = Assert.Throws<InvalidDataException>(() => OnnxInt8Quantizer.Quantize(proto));
        Assert.Contains("already a quantized op", again.Message);
    }

    [Fact]
    public void Quantizing_is_deterministic_and_the_store_records_the_digest()
    {
        var first = LoadOriginal();
        OnnxInt8Quantizer.Quantize(first);
        var second = LoadOriginal();
        OnnxInt8Quantizer.Quantize(second);
        var bytes = first.ToByteArray();
        Assert.Equal(bytes, second.ToByteArray());

        var manifest = model.Catalog.Get("minilm-l6-int8");
        var files = model.Store.Ensure(manifest);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(files.ModelPath))));
        var state = model.Store.GetState(manifest);
        Assert.True(state.Ready);
        Assert.Equal(LLMEmbed.Core.Models.BackbonePrecision.Int8, state.Precision);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(files.TappedModelPath))), state.TappedSha256);
        model.Store.Verify(manifest);
    }

    [Theory]
    [InlineData("minilm-l6")]
    [InlineData("arctic-xs")]
    public void Int8_taps_are_the_fp32_taps_and_stay_close_on_real_texts(string id)
    {
        var fp32Manifest = model.Catalog.Get(id);
        var manifest = model.Catalog.Get(id + "-int8");
        var fp32Files = model.Store.Ensure(fp32Manifest);
        var files = model.Store.Ensure(manifest);
        Assert.Equal(fp32Files.TapOutputNames, files.TapOutputNames);
        Assert.NotEqual(fp32Files.TappedModelPath, files.TappedModelPath);
        var options = new BackboneOptions { ExecutionProvider = BackboneOptions.Cpu };
        using var fp32 = OnnxBackbone.Create(fp32Manifest, fp32Files, options);
        using var int8 = OnnxBackbone.Create(manifest, files, options);
        var tokenizer = TextTokenizerFactory.Create(manifest.Tokenizer, files.VocabPath);

        int[] taps = [0, 1, 2, 3, 4, 5, 6];
        var runnerOptions = new EmbeddingRunnerOptions { MaxRunSize = 16, MaxTokens = 256 };
        var texts = FidelityTexts();
        var reference = new EmbeddingRunner(fp32, tokenizer, runnerOptions).Embed(texts, taps, PoolingKind.Mean);
        var quantized = new EmbeddingRunner(int8, tokenizer, runnerOptions).Embed(texts, taps, PoolingKind.Mean);
        var cosines = taps.Select(t => Enumerable.Range(0, texts.Length).Select(s => Cosine(reference.Vector(s, t), quantized.Vector(s, t))).ToArray()).ToArray();
        var worst = cosines.Select(c => c.Min()).ToArray();
        var mean = cosines.Select(c => c.Average()).ToArray();
        var all = $"{id}: lowest {string.Join(" ", worst.Select(w => w.ToString("F4")))}; mean {string.Join(" ", mean.Select(w => w.ToString("F4")))}";
        // Tap 0 is the embedding lookup + LayerNorm, untouched by the rewrite.
        Assert.True(worst[0] > 0.99999, $"tap 0: {all}");
        for (var t = 1; t < taps.Length; t++)
        {
            Assert.True(mean[t] >= MeanBound, $"tap {t}: {all}");
            Assert.True(worst[t] >= WorstBounds[id][t - 1], $"tap {t}: {all}");
        }
        // And it is not the fp32 graph by mistake.
        Assert.True(worst.Skip(1).Min() < 0.9999, all);
    }

    [Fact]
    public void Keep_float_roles_count_the_real_blocks()
    {
        int Kept(params string[] keep) => OnnxInt8Quantizer.Quantize(LoadOriginal(), new Int8Options { KeepFloat = keep }).KeptFloat.Count;
        Assert.Equal(18, Kept("qkv"));
        Assert.Equal(6, Kept("attn-out"));
        Assert.Equal(6, Kept("ffn-in"));
        var proto = LoadOriginal();
        var report = OnnxInt8Quantizer.Quantize(proto, new Int8Options { KeepFloat = ["ffn-out:6"] });
        Assert.Equal(35, report.MatMulsRewritten);
        var kept = Assert.Single(proto.Graph.Node, n => n.Name == Assert.Single(report.KeptFloat));
        Assert.Equal([1536L, 384L], proto.Graph.Initializer.Single(t => t.Name == kept.Input[1]).Dims);
        // It is the last block's: every other FFN-output MatMul comes before it.
        var ffnOut = proto.Graph.Node.Where(n => n.OpType == "MatMulInteger" && proto.Graph.Initializer.Single(t => t.Name == n.Input[1]).Dims[0] == 1536).ToArray();
        Assert.Equal(5, ffnOut.Length);
        Assert.True(proto.Graph.Node.IndexOf(ffnOut[^1]) < proto.Graph.Node.IndexOf(kept));
        var error = Assert.Throws<ArgumentException>(() => OnnxInt8Quantizer.Quantize(LoadOriginal(), new Int8Options { KeepFloat = ["ffn-out:7"] }));
        Assert.Contains("'ffn-out:7'", error.Message);
        Assert.Contains("6 blocks", error.Message);
    }

    /// <summary>60 Reuters stories (every third line of the fixture) and 4 short texts, the shortest being the hardest case.</summary>
    private static string[] FidelityTexts() =>
        LabeledFileReader.Read(ReutersMiniFixture.OutputPath).Where((_, i) => i % 3 == 0).Take(60).Select(e => e.Text)
            .Concat(["A wonderful, moving film.", "The plot was dull and the acting worse.", "ok", "Shares rose 3% after the central bank held rates."]).ToArray();

    private static double Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double dot = 0, x = 0, y = 0;
        for (var i = 0; i < a.Length; i++) { dot += a[i] * b[i]; x += a[i] * a[i]; y += b[i] * b[i]; }
        return dot / Math.Sqrt(x * y);
    }
}
