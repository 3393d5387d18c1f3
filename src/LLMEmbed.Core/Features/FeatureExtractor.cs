using System.Collections.Concurrent;
using LLMEmbed.Core.Backbones;
using LLMEmbed.Core.Caching;
using LLMEmbed.Core.LongText;
using LLMEmbed.Core.Pooling;

namespace LLMEmbed.Core.Features;

/// <summary>Progress of an extraction: which backbone, how many texts embedded of those missing from the cache.</summary>
public readonly record struct ExtractionProgress(string Backbone, int Done, int Total, int Cached);

/// <summary>
/// Offline feature extraction with an on-disk embedding cache. The cache stores every tap of a
/// backbone per (pooling, max tokens), so any recipe over that backbone reuses the same pass. Max tokens is
/// resolved per backbone before it keys the cache (0 or unset: the manifest's window), so the default and an
/// explicit limit equal to the window share one cache.
/// </summary>
public sealed class FeatureExtractor : IDisposable
{
    private readonly BackboneLoader _loader;
    private readonly string? _cacheRoot;
    private readonly EmbeddingRunnerOptions _runnerOptions;
    private readonly bool _ownsLoader;
    private readonly LongTextOptions _longText;
    private readonly ConcurrentDictionary<string, EmbeddingCache> _caches = new(StringComparer.Ordinal);

    /// <param name="cacheRoot">Folder for embedding caches; null disables caching.</param>
    /// <param name="ownsLoader">Dispose the loader (and its sessions) with this extractor.</param>
    /// <param name="longText">How texts longer than the token limit are read; default: truncated.</param>
    public FeatureExtractor(BackboneLoader loader, string? cacheRoot, EmbeddingRunnerOptions? runnerOptions = null, bool ownsLoader = false,
        LongTextOptions? longText = null)
    {
        _ownsLoader = ownsLoader;
        ArgumentNullException.ThrowIfNull(loader);
        _loader = loader;
        _cacheRoot = cacheRoot;
        _runnerOptions = runnerOptions ?? new EmbeddingRunnerOptions();
        OptionsCheck.ThrowIfInvalid(new EmbeddingRunnerOptionsValidator(), _runnerOptions);
        _longText = longText ?? LongTextOptions.Truncate;
        OptionsCheck.ThrowIfInvalid(new LongTextOptionsValidator(), _longText);
    }

    /// <summary>How texts longer than the token limit are read.</summary>
    public LongTextOptions LongText => _longText;

    /// <summary>
    /// Backbone windows per text the recipe costs, averaged over its components (1 when truncating); tokenizes only.
    /// </summary>
    public double WindowsPerText(IReadOnlyList<string> texts, FeatureRecipe recipe)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(recipe);
        if (texts.Count == 0 || _longText.Mode == LongTextMode.Truncate) return 1;
        return recipe.Components.Average(c =>
        {
            var loaded = _loader.Get(c.Backbone);
            return new EmbeddingRunner(loaded.Backbone, loaded.Tokenizer, _runnerOptions).CountWindows(texts, _longText).Average();
        });
    }

    public float[][] Extract(IReadOnlyList<string> texts, FeatureRecipe recipe,
        IProgress<ExtractionProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(recipe);
        var outputs = recipe.Components
            .Select(c => EmbedComponent(texts, c, progress, cancellationToken))
            .ToArray();
        return RecipeFusion.Fuse(recipe, outputs);
    }

    /// <summary>The component's taps for every text, served from the cache where possible.</summary>
    public PooledLayers EmbedComponent(IReadOnlyList<string> texts, FeatureComponent component,
        IProgress<ExtractionProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var loaded = _loader.Get(component.Backbone);
        var manifest = loaded.Backbone.Manifest;
        var runner = new EmbeddingRunner(loaded.Backbone, loaded.Tokenizer, _runnerOptions);
        var allTaps = Enumerable.Range(0, manifest.Layers + 1).ToArray();
        foreach (var tap in component.Taps)
            if (tap < 0 || tap > manifest.Layers)
                throw new ArgumentException($"Backbone '{manifest.Id}' has taps 0..{manifest.Layers}; {tap} was asked for.");

        var full = EmbedAllTaps(texts, runner, manifest.Id, allTaps, component.Pooling, progress, cancellationToken);
        return full.SelectTaps(component.Taps);
    }

    private PooledLayers EmbedAllTaps(IReadOnlyList<string> texts, EmbeddingRunner runner, string backboneId,
        int[] taps, PoolingKind pooling, IProgress<ExtractionProgress>? progress, CancellationToken cancellationToken)
    {
        var hidden = _loader.Catalog.Get(backboneId).HiddenSize;
        var width = taps.Length * hidden;
        if (_cacheRoot is null)
        {
            return runner.EmbedLong(texts, taps, pooling, _longText,
                new Progress<(int Done, int Total)>(p => progress?.Report(new(backboneId, Scale(p, texts.Count), texts.Count, 0))), cancellationToken).Pooled;
        }

        var data = new float[texts.Count * width];
        var all = Enumerable.Range(0, texts.Count).ToArray();
        var hashes = texts.Select(EmbeddingCache.HashText).ToArray();
        if (_longText.Mode == LongTextMode.Truncate)
        {
            Fill(texts, hashes, all, data, runner, backboneId, taps, pooling, LongTextOptions.Truncate, progress, cancellationToken);
            return new PooledLayers(texts.Count, taps.Length, hidden, data);
        }

        // A text that fits one window is read whole by both modes and its chunked vector is its truncated
        // one: those texts share the truncate cache, so `chunk` after `truncate` only embeds the long texts.
        var windows = runner.CountWindows(texts, _longText);
        var single = all.Where(i => windows[i] == 1).ToArray();
        Fill(texts, hashes, single, data, runner, backboneId, taps, pooling, LongTextOptions.Truncate, progress, cancellationToken);
        Fill(texts, hashes, all.Where(i => windows[i] > 1).ToArray(), data, runner, backboneId, taps, pooling, _longText, progress, cancellationToken);
        return new PooledLayers(texts.Count, taps.Length, hidden, data);
    }

    /// <summary>Fills the rows <paramref name="rows"/> of <paramref name="data"/> from the cache of <paramref name="longText"/>, embedding what it misses.</summary>
    private void Fill(IReadOnlyList<string> texts, byte[][] hashes, int[] rows, float[] data, EmbeddingRunner runner, string backboneId, int[] taps,
        PoolingKind pooling, LongTextOptions longText, IProgress<ExtractionProgress>? progress, CancellationToken cancellationToken)
    {
        if (rows.Length == 0) return;
        var width = data.Length / texts.Count;
        var key = new EmbeddingCacheKey(backboneId, taps, pooling, runner.MaxTokens, _loader.Get(backboneId).CacheRevision, longText.CacheTag);
        var cache = _caches.GetOrAdd(key.Canonical, _ => EmbeddingCache.Open(_cacheRoot!, key, width));
        var missing = new List<int>();
        foreach (var i in rows)
            if (!cache.TryGet(hashes[i], data.AsSpan(i * width, width))) missing.Add(i);

        var cached = rows.Length - missing.Count;
        progress?.Report(new(backboneId, 0, missing.Count, cached));
        // Embed in slices so a long run persists as it goes and an interruption loses little.
        const int slice = 512;
        for (var start = 0; start < missing.Count; start += slice)
        {
            var members = missing.Skip(start).Take(slice).ToArray();
            var done = start;
            var pooled = runner.EmbedLong(members.Select(i => texts[i]).ToArray(), taps, pooling, longText,
                new Progress<(int Done, int Total)>(p => progress?.Report(new(backboneId, done + Scale(p, members.Length), missing.Count, cached))),
                cancellationToken).Pooled;
            for (var r = 0; r < members.Length; r++)
                pooled.Sequence(r).CopyTo(data.AsSpan(members[r] * width, width));
            cache.PutMany(members.Select(i => hashes[i]).ToArray(), pooled.Data);
            progress?.Report(new(backboneId, done + members.Length, missing.Count, cached));
        }
        cache.Flush();
    }

    /// <summary>Windows done, as texts done (a chunked slice counts windows).</summary>
    private static int Scale((int Done, int Total) windows, int texts) =>
        windows.Total == 0 ? 0 : (int)((long)windows.Done * texts / windows.Total);

    public void Dispose()
    {
        foreach (var cache in _caches.Values) cache.Dispose();
        _caches.Clear();
        if (_ownsLoader) _loader.Dispose();
    }
}
