using LLMEmbed.Core.Backbones;
using LLMEmbed.Core.Pooling;
using Microsoft.ML.OnnxRuntime;

[Collection(MiniLmCollection.Name)]
public sealed class OnnxBackboneTests(MiniLmFixture model)
{
    private static readonly int[] AllTaps = [0, 1, 2, 3, 4, 5, 6];

    private TokenBatch Batch(params string[] texts) =>
        TokenBatch.FromSequences(texts.Select(t => model.Tokenizer.Encode(t, 512, out _)).ToArray());

    [Fact]
    public void Runs_on_cpu_and_returns_every_requested_tap()
    {
        Assert.Equal("cpu", model.Backbone.ExecutionProvider);
        var pooled = model.Backbone.Run(Batch("a short one", "and a somewhat longer second sentence"), AllTaps, PoolingKind.Mean);
        Assert.Equal(2, pooled.Sequences);
        Assert.Equal(7, pooled.Taps);
        Assert.Equal(384, pooled.Hidden);
        Assert.All(pooled.Data, v => Assert.True(float.IsFinite(v)));
        // Different depths carry different vectors.
        Assert.NotEqual(pooled.Vector(0, 0).ToArray(), pooled.Vector(0, 6).ToArray());
    }

    [Fact]
    public void Tapped_graph_outputs_seven_hidden_states_and_last_equals_last_hidden_state()
    {
        Assert.Equal(7, model.Files.TapOutputNames.Length);
        using var session = new InferenceSession(model.Files.TappedModelPath);
        var ids = model.Tokenizer.Encode("the cat sat on the mat", 512, out _).Select(i => (long)i).ToArray();
        long[] shape = [1, ids.Length];
        using var inputIds = OrtValue.CreateTensorValueFromMemory(ids, shape);
        using var mask = OrtValue.CreateTensorValueFromMemory(ids.Select(_ => 1L).ToArray(), shape);
        using var types = OrtValue.CreateTensorValueFromMemory(new long[ids.Length], shape);
        var fetch = model.Files.TapOutputNames.Append("last_hidden_state").ToArray();
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, ["input_ids", "attention_mask", "token_type_ids"], [inputIds, mask, types], fetch);
        for (var k = 0; k < 7; k++)
            Assert.Equal([1L, ids.Length, 384L], outputs[k].GetTensorTypeAndShape().Shape);
        var lastTap = outputs[6].GetTensorDataAsSpan<float>().ToArray();
        var lastHidden = outputs[7].GetTensorDataAsSpan<float>().ToArray();
        Assert.Equal(lastHidden.Length, lastTap.Length);
        for (var i = 0; i < lastTap.Length; i++) Assert.True(Math.Abs(lastTap[i] - lastHidden[i]) < 1e-4f, $"index {i}");
        // Tap 5 is a different tensor from tap 6.
        Assert.NotEqual(outputs[5].GetTensorDataAsSpan<float>().ToArray(), lastTap);
    }

    [Theory]
    [InlineData(PoolingKind.Mean)]
    [InlineData(PoolingKind.First)]
    [InlineData(PoolingKind.Last)]
    [InlineData(PoolingKind.Max)]
    public void Padding_does_not_change_masked_pooling(PoolingKind pooling)
    {
        const string text = "padding must not leak into the vector";
        var alone = model.Backbone.Run(Batch(text), AllTaps, pooling);
        var padded = model.Backbone.Run(Batch(text, text + " because this longer companion forces several pad positions"), AllTaps, pooling);
        for (var tap = 0; tap < 7; tap++)
        {
            var a = alone.Vector(0, tap);
            var b = padded.Vector(0, tap);
            for (var i = 0; i < a.Length; i++) Assert.True(Math.Abs(a[i] - b[i]) < 1e-4f, $"tap {tap} index {i}: {a[i]} vs {b[i]}");
        }
    }

    [Fact]
    public void Unmasked_mean_does_see_padding()
    {
        const string text = "padding leaks here";
        var alone = model.Backbone.Run(Batch(text), [6], PoolingKind.UnmaskedMean);
        var padded = model.Backbone.Run(Batch(text, text + " with a much longer partner sentence to pad against"), [6], PoolingKind.UnmaskedMean);
        var largest = 0f;
        for (var i = 0; i < 384; i++) largest = Math.Max(largest, Math.Abs(alone.Vector(0, 0)[i] - padded.Vector(0, 0)[i]));
        Assert.True(largest > 1e-3f);
    }

    [Fact]
    public void Is_deterministic_and_keeps_tap_order()
    {
        var batch = Batch("repeatable", "results every time");
        var first = model.Backbone.Run(batch, [6, 2], PoolingKind.Mean);
        var second = model.Backbone.Run(batch, [6, 2], PoolingKind.Mean);
        var reordered = model.Backbone.Run(batch, [2, 6, 6], PoolingKind.Mean);
        Assert.Equal(first.Data, second.Data);
        Assert.Equal(first.Vector(1, 0).ToArray(), reordered.Vector(1, 1).ToArray());
        Assert.Equal(first.Vector(1, 1).ToArray(), reordered.Vector(1, 0).ToArray());
        Assert.Equal(reordered.Vector(0, 1).ToArray(), reordered.Vector(0, 2).ToArray());
    }

    [Fact]
    public void Concurrent_runs_match_serial_runs()
    {
        var batch = Batch("threads share one session", "safely");
        var expected = model.Backbone.Run(batch, [3], PoolingKind.Mean).Data;
        var results = new float[4][];
        Parallel.For(0, 4, i => results[i] = model.Backbone.Run(batch, [3], PoolingKind.Mean).Data);
        Assert.All(results, r => Assert.Equal(expected, r));
    }

    [Fact]
    public void Rejects_taps_outside_the_model()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Backbone.Run(Batch("x"), [7], PoolingKind.Mean));
        Assert.Throws<ArgumentException>(() => model.Backbone.Run(Batch("x"), [], PoolingKind.Mean));
    }

    [Fact]
    public void Rejects_sequences_longer_than_max_tokens()
    {
        var tooLong = TokenBatch.FromSequences([Enumerable.Repeat(1000, 513).ToArray()]);
        var error = Assert.Throws<ArgumentException>(() => model.Backbone.Run(tooLong, [6], PoolingKind.Mean));
        Assert.Contains("513", error.Message);
    }

    [Fact]
    public void Cuda_either_runs_on_cuda_or_fails_clearly_and_auto_falls_back()
    {
        try
        {
            using var cuda = OnnxBackbone.Create(model.Manifest, model.Files, new BackboneOptions { ExecutionProvider = BackboneOptions.Cuda });
            Assert.Equal("cuda", cuda.ExecutionProvider);
        }
        catch (InvalidOperationException e)
        {
            Assert.Contains("CUDA", e.Message);
        }
        using var auto = OnnxBackbone.Create(model.Manifest, model.Files, new BackboneOptions { ExecutionProvider = BackboneOptions.Auto });
        Assert.Contains(auto.ExecutionProvider, new[] { "cpu", "cuda" });
        var pooled = auto.Run(Batch("fallback works"), [6], PoolingKind.Mean);
        Assert.Equal(384, pooled.Hidden);
    }

    [Fact]
    public void Rejects_unknown_execution_provider()
    {
        Assert.Throws<ArgumentException>(() => OnnxBackbone.Create(model.Manifest, model.Files, new BackboneOptions { ExecutionProvider = "tpu" }));
    }
}
