using LLMEmbed.Core.Backbones;
using LLMEmbed.Core.Pooling;

[Collection(MiniLmCollection.Name)]
public sealed class EmbeddingRunnerTests(MiniLmFixture model)
{
    [Theory]
    [InlineData(null)]
    [InlineData(0)]
    public void Unset_or_zero_max_tokens_reads_texts_to_the_manifest_window(int? maxTokens)
    {
        var runner = new EmbeddingRunner(model.Backbone, model.Tokenizer, new EmbeddingRunnerOptions { MaxTokens = maxTokens });
        var sequences = runner.Tokenize([string.Join(' ', Enumerable.Repeat("word", 2000)), "short"], out var truncated);

        Assert.Equal(512, model.Backbone.Manifest.MaxTokens);
        Assert.Equal(512, runner.MaxTokens);
        Assert.Equal(512, sequences[0].Length);
        Assert.True(sequences[1].Length < 10);
        Assert.Equal(1, truncated);
    }

    [Theory]
    [InlineData(100, 100)]
    [InlineData(4096, 512)]
    public void Explicit_max_tokens_is_kept_and_capped_by_the_manifest_window(int maxTokens, int expected)
    {
        var runner = new EmbeddingRunner(model.Backbone, model.Tokenizer, new EmbeddingRunnerOptions { MaxTokens = maxTokens });
        var sequences = runner.Tokenize([string.Join(' ', Enumerable.Repeat("word", 2000))], out _);

        Assert.Equal(expected, runner.MaxTokens);
        Assert.Equal(expected, sequences[0].Length);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1)]
    public void Max_tokens_below_two_other_than_zero_is_refused(int maxTokens)
    {
        var failure = Assert.Single(LLMEmbed.Core.OptionsCheck.Failures(new EmbeddingRunnerOptionsValidator(), new EmbeddingRunnerOptions { MaxTokens = maxTokens }, null));
        Assert.Contains("MaxTokens must be 0 (the manifest's) or at least 2", failure);
    }

    [Fact]
    public void Runs_are_the_serving_batchers_cut()
    {
        var backbone = new LLMEmbed.Core.Tests.RecordingTestBackbone();
        var options = new EmbeddingRunnerOptions { TokenBudget = 100, MaxRunSize = 3, RunOverheadTokens = 8 };
        var runner = new EmbeddingRunner(backbone, model.Tokenizer, options);
        int[][] sequences = [.. new[] { 50, 3, 10, 3, 40, 9, 200 }.Select(n => Enumerable.Range(1, n).ToArray())];
        runner.Embed(sequences, [0], PoolingKind.Mean);
        var expected = LLMEmbed.Core.Batching.CostCut.Cut([.. sequences.Select(s => s.Length)], options.MaxRunSize, options.TokenBudget, options.RunOverheadTokens)
            .Select(run => run.Select(i => sequences[i].Length).ToArray());
        Assert.Equal(expected, backbone.Batches.Select(b => b.Select(ids => ids.Length).ToArray()));
        Assert.Empty(new EmbeddingRunner(backbone, model.Tokenizer).Embed(Array.Empty<int[]>(), [0], PoolingKind.Mean).Data);
    }

    [Fact]
    public void Returns_vectors_in_input_order_matching_single_runs()
    {
        string[] texts =
        [
            "a considerably longer text that will be placed in a later batch than the short ones",
            "short",
            "medium length sentence here",
            "tiny",
        ];
        var runner = new EmbeddingRunner(model.Backbone, model.Tokenizer, new EmbeddingRunnerOptions { TokenBudget = 16, MaxRunSize = 2 });
        var reports = new List<(int Done, int Total)>();
        var pooled = runner.Embed(texts, [2, 6], PoolingKind.Mean, new SyncProgress(reports.Add));
        Assert.Equal(4, pooled.Sequences);
        Assert.Equal(2, pooled.Taps);
        Assert.Equal(4, reports[^1].Done);
        Assert.All(reports, r => Assert.Equal(4, r.Total));
        Assert.True(reports.Count >= 2);

        for (var i = 0; i < texts.Length; i++)
        {
            var alone = model.Backbone.Run(TokenBatch.FromSequences([model.Tokenizer.Encode(texts[i], 512, out _)]), [2, 6], PoolingKind.Mean);
            var expected = alone.Sequence(0);
            var actual = pooled.Sequence(i);
            for (var j = 0; j < expected.Length; j++) Assert.True(Math.Abs(expected[j] - actual[j]) < 1e-4f, $"text {i} value {j}");
        }
    }

    [Fact]
    public void Truncates_to_max_tokens_and_counts_cuts()
    {
        var runner = new EmbeddingRunner(model.Backbone, model.Tokenizer, new EmbeddingRunnerOptions { MaxTokens = 8 });
        Assert.Equal(8, runner.MaxTokens);
        var sequences = runner.Tokenize(["one two three four five six seven eight nine ten", "short"], out var truncated);
        Assert.Equal(1, truncated);
        Assert.Equal(8, sequences[0].Length);
        Assert.Equal(102, sequences[0][^1]);
        var pooled = runner.Embed(sequences, [6], PoolingKind.First);
        Assert.Equal(2, pooled.Sequences);
    }

    [Fact]
    public void Is_deterministic()
    {
        string[] texts = ["same input", "same output", "every single time we run it"];
        var runner = new EmbeddingRunner(model.Backbone, model.Tokenizer, new EmbeddingRunnerOptions { TokenBudget = 20 });
        Assert.Equal(runner.Embed(texts, [4], PoolingKind.Mean).Data, runner.Embed(texts, [4], PoolingKind.Mean).Data);
    }

    [Fact]
    public void Rejects_bad_options()
    {
        Assert.Throws<ArgumentException>(() => new EmbeddingRunner(model.Backbone, model.Tokenizer, new EmbeddingRunnerOptions { TokenBudget = 0 }));
        Assert.Throws<ArgumentException>(() => new EmbeddingRunner(model.Backbone, model.Tokenizer, new EmbeddingRunnerOptions { MaxTokens = 1 }));
    }

    private sealed class SyncProgress(Action<(int Done, int Total)> report) : IProgress<(int Done, int Total)>
    {
        public void Report((int Done, int Total) value) => report(value);
    }
}
