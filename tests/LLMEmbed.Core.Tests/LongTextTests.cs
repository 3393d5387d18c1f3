using LLMEmbed.Core.Backbones;
using LLMEmbed.Core.Caching;
using LLMEmbed.Core.LongText;
using LLMEmbed.Core.Pooling;
using LLMEmbed.Core.Tokenization;

namespace LLMEmbed.Core.Tests;

public class LongTextTests
{
    private static readonly LongTextOptions Chunk = new() { Mode = LongTextMode.Chunk, Overlap = 2, MaxWindows = 32 };
    private static readonly int[] Taps = [1, 3];

    [Fact]
    public void ChunkedTextShorterThanOneWindow_EqualsTheUnchunkedVector()
    {
        var runner = new EmbeddingRunner(new RecordingTestBackbone(), new WordTokenizer(), new EmbeddingRunnerOptions { MaxTokens = 16 });
        string[] texts = ["one two three four five", "six seven"];

        var plain = runner.Embed(texts, Taps, PoolingKind.Mean);
        var chunked = runner.EmbedLong(texts, Taps, PoolingKind.Mean, Chunk);

        Assert.Equal(plain.Data, chunked.Pooled.Data);
        Assert.Equal(2, chunked.Windows);
    }

    [Fact]
    public void TextOfManyWindows_IsEmbeddedInBatches_NotOneWindowAtATime()
    {
        var backbone = new RecordingTestBackbone();
        var runner = new EmbeddingRunner(backbone, new WordTokenizer(), new EmbeddingRunnerOptions { MaxTokens = 10, TokenBudget = 40, MaxRunSize = 4 });
        string text = string.Join(' ', Enumerable.Range(0, 100).Select(i => new string('x', 1 + i % 7)));

        var result = runner.EmbedLong([text], Taps, PoolingKind.Mean, Chunk);

        // 100 content tokens, 8 per window, a new window every 6: 1 + ceil(92 / 6) = 17 windows, at most 4 per call.
        Assert.Equal(17, result.Windows);
        var batches = backbone.Batches;
        Assert.Equal(5, batches.Count);
        Assert.Equal(17, batches.Sum(b => b.Length));
        // The batcher's cut: the short last window runs alone, the 16 full ones four to a run.
        Assert.Equal(4, batches.Count(b => b.Length == 4));
        Assert.All(batches.SelectMany(b => b), w =>
        {
            Assert.InRange(w.Length, 3, 10);
            Assert.Equal(WordTokenizer.Cls, w[0]);
            Assert.Equal(WordTokenizer.Sep, w[^1]);
        });
        Assert.Equal(1, result.Pooled.Sequences);
        Assert.Equal(17, runner.CountWindows([text], Chunk)[0]);
    }

    [Fact]
    public void WindowPooling_IsATokenWeightedMean()
    {
        // Two texts: the first of windows with 10 and 5 tokens, the second of one window.
        var windows = new PooledLayers(3, 1, 2, [1f, 2f, 4f, 8f, 7f, 7f]);
        var pooled = WindowPooling.Pool(windows, [2, 1], [10, 5, 3]);

        Assert.Equal(2f, pooled.Vector(0, 0)[0], 5);   // (10 * 1 + 5 * 4) / 15
        Assert.Equal(4f, pooled.Vector(0, 0)[1], 5);   // (10 * 2 + 5 * 8) / 15
        Assert.Equal([7f, 7f], pooled.Vector(1, 0).ToArray());
        Assert.Throws<ArgumentException>(() => WindowPooling.Pool(windows, [1, 1], [10, 5, 3]));
    }

    [Fact]
    public void TextWindows_CoverTheContentWithTheOverlap_AndRespectTheCap()
    {
        int[] ids = [101, .. Enumerable.Range(1, 20), 102];
        int[][] windows = TextWindows.Split(ids, prefix: 1, suffix: 1, window: 8, overlap: 2, maxWindows: 10);

        // Content 6 per window, stride 4: starts at 1, 5, 9, 13, 17 (the last one holds 17..20).
        Assert.Equal(5, windows.Length);
        Assert.Equal([101, 1, 2, 3, 4, 5, 6, 102], windows[0]);
        Assert.Equal([101, 5, 6, 7, 8, 9, 10, 102], windows[1]);
        Assert.Equal([101, 17, 18, 19, 20, 102], windows[^1]);
        Assert.Equal(windows.Length, TextWindows.Count(ids.Length, 1, 1, 8, 2, 10));
        Assert.Equal(2, TextWindows.Split(ids, 1, 1, 8, 2, maxWindows: 2).Length);
        Assert.Single(TextWindows.Split([101, 1, 102], 1, 1, 8, 2, 10));
        Assert.Throws<ArgumentException>(() => TextWindows.Split(ids, 1, 1, 4, 2, 10));
    }

    [Fact]
    public void WindowedTexts_CutEveryTextInOrder_AndCheckEachBeforeCuttingIt()
    {
        string long20 = string.Join(' ', Enumerable.Range(0, 20).Select(i => new string('x', 1 + i % 7)));
        string[] texts = ["one two", long20, "three"];
        var seen = new List<int>();

        var cut = WindowedTexts.Split(new WordTokenizer(), (1, 1), texts, window: 8, overlap: 2, maxWindows: 10, seen.Add);

        // 20 content tokens, 6 per window, stride 4: 5 windows for the long text, one each for the others; none is cut.
        Assert.Equal([1, 5, 1], cut.WindowsPerText);
        Assert.Equal([false, false, false], cut.Cut);
        Assert.Empty(seen);
        Assert.Equal(7, cut.Windows.Length);
        Assert.Equal(cut.Windows.Select(w => w.Length), cut.WindowTokens);
        Assert.Equal(TextWindows.Split(new WordTokenizer().Encode(long20, int.MaxValue, out _), 1, 1, 8, 2, 10), cut.Windows[1..6]);

        // Three windows hold 6 + 4 + 4 = 14 content tokens: the long text is cut there, its windows the first three of the whole text's.
        var three = WindowedTexts.Split(new WordTokenizer(), (1, 1), texts, window: 8, overlap: 2, maxWindows: 3, seen.Add);
        Assert.Equal([1, 3, 1], three.WindowsPerText);
        Assert.Equal([false, true, false], three.Cut);
        Assert.Equal([1], seen);
        Assert.Equal(cut.Windows[1..4], three.Windows[1..4]);

        // A refusal of a cut text stops before any later text is cut.
        var refused = new List<int>();
        Assert.Throws<InvalidOperationException>(() => WindowedTexts.Split(new WordTokenizer(), (1, 1), texts, 8, 2, 3, i =>
        {
            refused.Add(i);
            throw new InvalidOperationException("too long");
        }));
        Assert.Equal([1], refused);
    }

    [Theory]
    [InlineData(128, 1, 1, 32, 8)]
    [InlineData(16, 1, 1, 2, 3)]
    [InlineData(10, 2, 0, 0, 1)]
    public void TextWindows_Longest_IsTheLongestEncodingTheCapCoversWhole(int window, int prefix, int suffix, int overlap, int maxWindows)
    {
        var longest = TextWindows.Longest(prefix, suffix, window, overlap, maxWindows);
        Assert.Equal(maxWindows, TextWindows.Count(longest, prefix, suffix, window, overlap, int.MaxValue));
        Assert.Equal(maxWindows + 1, TextWindows.Count(longest + 1, prefix, suffix, window, overlap, int.MaxValue));
    }

    [Fact]
    public void SpecialTokens_AreReadOffTheTokenizer()
    {
        Assert.Equal((1, 1), SpecialTokens.Of(new WordTokenizer()));
    }

    [Fact]
    public void CacheKeys_TellChunkedFromTruncated_AndTruncatedKeysStayAsBefore()
    {
        var truncated = new EmbeddingCacheKey("minilm-l6", [2, 3], PoolingKind.Mean, 256, longText: LongTextOptions.Truncate.CacheTag);
        var chunked = new EmbeddingCacheKey("minilm-l6", [2, 3], PoolingKind.Mean, 256, longText: Chunk.CacheTag);

        Assert.Equal("minilm-l6|2,3|mean|256", truncated.Canonical);
        Assert.Equal("minilm-l6|2,3|mean|256|chunk(o2,m32)", chunked.Canonical);
        Assert.NotEqual(truncated.ShortHash, chunked.ShortHash);
    }

    /// <summary>One id per whitespace-separated word (100 + its length), between [CLS] and [SEP].</summary>
    private sealed class WordTokenizer : ITextTokenizer
    {
        public const int Cls = 1, Sep = 2;
        public int PadId => 0;

        public int[] Encode(string text, int maxTokens, out bool truncated)
        {
            int[] words = [.. text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => 100 + w.Length)];
            truncated = words.Length + 2 > maxTokens;
            return [Cls, .. words.Take(Math.Min(words.Length, maxTokens - 2)), Sep];
        }

        public int CountTokens(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length + 2;
    }
}
