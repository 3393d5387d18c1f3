using LLMEmbed.Core.Batching;
using LLMEmbed.Core.LongText;
using LLMEmbed.Core.Pooling;
using LLMEmbed.Core.Tokenization;

namespace LLMEmbed.Core.Backbones;

/// <summary>
/// Texts to pooled tap vectors with one backbone, offline. Texts are tokenized and truncated, then cut
/// into model runs by the serving batcher's cut (<see cref="CostCut"/>: sorted by length, least padding
/// plus run price) so short texts never pay for long ones; results come back in input order.
/// Deterministic for a given input.
/// </summary>
public sealed class EmbeddingRunner
{
    private readonly IBackbone _backbone;
    private readonly ITextTokenizer _tokenizer;
    private readonly EmbeddingRunnerOptions _options;

    public EmbeddingRunner(IBackbone backbone, ITextTokenizer tokenizer, EmbeddingRunnerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(backbone);
        ArgumentNullException.ThrowIfNull(tokenizer);
        options ??= new EmbeddingRunnerOptions();
        OptionsCheck.ThrowIfInvalid(new EmbeddingRunnerOptionsValidator(), options);
        _backbone = backbone;
        _tokenizer = tokenizer;
        _options = options;
    }

    /// <summary>Tokens each text may keep: the option, capped by the manifest; the manifest's when the option is unset or 0.</summary>
    public int MaxTokens => Math.Min(_options.MaxTokens is > 0 and var limit ? limit : int.MaxValue, _backbone.Manifest.MaxTokens);

    /// <summary>Pools <paramref name="taps"/> for every text; row i of the result belongs to texts[i].</summary>
    public PooledLayers Embed(IReadOnlyList<string> texts, IReadOnlyList<int> taps, PoolingKind pooling,
        IProgress<(int Done, int Total)>? progress = null, CancellationToken cancellationToken = default) =>
        Embed(Tokenize(texts, out _), taps, pooling, progress, cancellationToken);

    /// <summary>Same, over sequences already produced by <see cref="Tokenize"/> (or any ids within maxTokens).</summary>
    public PooledLayers Embed(IReadOnlyList<int[]> sequences, IReadOnlyList<int> taps, PoolingKind pooling,
        IProgress<(int Done, int Total)>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        ArgumentNullException.ThrowIfNull(taps);
        if (taps.Count == 0) throw new ArgumentException("Ask for at least one tap.", nameof(taps));
        var hidden = _backbone.Manifest.HiddenSize;
        var result = new float[sequences.Count * taps.Count * hidden];

        var plan = CostCut.Cut(sequences.Select(s => s.Length).ToArray(), _options.MaxRunSize, _options.TokenBudget, _options.RunOverheadTokens);
        var done = 0;
        var rowWidth = taps.Count * hidden;
        foreach (var members in plan)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = TokenBatch.FromSequences(members.Select(i => sequences[i]).ToArray());
            var pooled = _backbone.Run(batch, taps, pooling);
            for (var row = 0; row < members.Length; row++)
                pooled.Sequence(row).CopyTo(result.AsSpan(members[row] * rowWidth, rowWidth));
            done += members.Length;
            progress?.Report((done, sequences.Count));
        }
        return new PooledLayers(sequences.Count, taps.Count, hidden, result);
    }

    /// <summary>
    /// Like <see cref="Embed(IReadOnlyList{string}, IReadOnlyList{int}, PoolingKind, IProgress{ValueTuple{int, int}}?, CancellationToken)"/>,
    /// but with <see cref="LongTextMode.Chunk"/> a text longer than <see cref="MaxTokens"/> becomes overlapping windows
    /// (<see cref="TextWindows"/>); the windows of all texts go through the backbone together, cut into runs like any sequences,
    /// then fold back to one row per text (<see cref="WindowPooling"/>). Progress counts windows.
    /// </summary>
    public LongTextEmbedding EmbedLong(IReadOnlyList<string> texts, IReadOnlyList<int> taps, PoolingKind pooling, LongTextOptions longText,
        IProgress<(int Done, int Total)>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(longText);
        OptionsCheck.ThrowIfInvalid(new LongTextOptionsValidator(), longText);
        if (longText.Mode == LongTextMode.Truncate)
            return new LongTextEmbedding(Embed(texts, taps, pooling, progress, cancellationToken), texts.Count);

        var cut = WindowedTexts.Split(_tokenizer, SpecialTokens(), texts, MaxTokens, longText.Overlap, longText.MaxWindows);
        var pooled = Embed(cut.Windows, taps, pooling, progress, cancellationToken);
        return new LongTextEmbedding(WindowPooling.Pool(pooled, cut.WindowsPerText, cut.WindowTokens), cut.Windows.Length);
    }

    /// <summary>Windows <see cref="EmbedLong"/> would make of each text (tokenizing only, no backbone work).</summary>
    public int[] CountWindows(IReadOnlyList<string> texts, LongTextOptions longText)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(longText);
        OptionsCheck.ThrowIfInvalid(new LongTextOptionsValidator(), longText);
        if (longText.Mode == LongTextMode.Truncate) return [.. Enumerable.Repeat(1, texts.Count)];
        var (prefix, suffix) = SpecialTokens();
        // Encoded only as far as the windows reach: a longer text takes maxWindows all the same.
        var longest = TextWindows.Longest(prefix, suffix, MaxTokens, longText.Overlap, longText.MaxWindows);
        return [.. texts.Select(t => TextWindows.Count(_tokenizer.Encode(t, longest, out _).Length, prefix, suffix, MaxTokens, longText.Overlap, longText.MaxWindows))];
    }

    private (int Prefix, int Suffix) SpecialTokens() => LongText.SpecialTokens.Of(_tokenizer);

    /// <summary>Encodes and truncates every text to <see cref="MaxTokens"/>; <paramref name="truncated"/> counts the cut ones.</summary>
    public int[][] Tokenize(IReadOnlyList<string> texts, out int truncated)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var maxTokens = MaxTokens;
        var sequences = new int[texts.Count][];
        truncated = 0;
        for (var i = 0; i < texts.Count; i++)
        {
            var text = texts[i] ?? throw new ArgumentException($"Text {i} is null.", nameof(texts));
            sequences[i] = _tokenizer.Encode(text, maxTokens, out var cut);
            if (sequences[i].Length == 0) throw new InvalidOperationException($"Text {i} encoded to no tokens.");
            if (cut) truncated++;
        }
        return sequences;
    }
}
