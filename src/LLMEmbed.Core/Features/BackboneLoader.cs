using System.Collections.Concurrent;
using LLMEmbed.Core.Backbones;
using LLMEmbed.Core.Models;
using LLMEmbed.Core.Tokenization;
using Microsoft.Extensions.Logging;

namespace LLMEmbed.Core.Features;

/// <summary>A ready backbone: the ONNX session and the tokenizer that feeds it.</summary>
public sealed record LoadedBackbone(IBackbone Backbone, ITextTokenizer Tokenizer)
{
    /// <summary>The embedding-cache revision of the graph loaded (<see cref="ModelFiles.CacheRevision"/>).</summary>
    public string? CacheRevision { get; init; }
}

/// <summary>
/// Opens backbones by manifest id: extracts and taps the model once (ModelStore), then creates one
/// session per id for the life of the loader. Thread-safe; disposing closes every session.
/// </summary>
public sealed class BackboneLoader : IDisposable
{
    private readonly ModelCatalog _catalog;
    private readonly ModelStore _store;
    private readonly BackboneOptions _options;
    private readonly ILogger? _logger;
    private readonly ConcurrentDictionary<string, Lazy<LoadedBackbone>> _loaded = new(StringComparer.Ordinal);

    public BackboneLoader(ModelCatalog catalog, ModelStore store, BackboneOptions? options = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(store);
        _catalog = catalog;
        _store = store;
        _options = options ?? new BackboneOptions();
        _logger = logger;
    }

    public ModelCatalog Catalog => _catalog;

    public static BackboneLoader CreateDefault(BackboneOptions? options = null, ILogger? logger = null) =>
        new(ModelCatalog.Load(), new ModelStore(LLMEmbedPaths.Default()), options, logger);

    public LoadedBackbone Get(string backboneId, IProgress<string>? progress = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(backboneId);
        var manifest = _catalog.Get(backboneId);
        return _loaded.GetOrAdd(backboneId, _ => new Lazy<LoadedBackbone>(() =>
            new LoadedBackbone(Open(manifest, progress), OpenTokenizer(manifest)) { CacheRevision = _store.Ensure(manifest).CacheRevision })).Value;
    }

    /// <summary>
    /// A new session for <paramref name="manifest"/> (files extracted, verified and tapped first) that the
    /// caller owns and disposes: the one way both offline runs and serving silos open a backbone.
    /// </summary>
    public IBackbone Open(BackboneManifest manifest, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return OnnxBackbone.Create(manifest, _store.Ensure(manifest, progress), _options, _logger);
    }

    /// <summary>The tokenizer matching <paramref name="manifest"/> (thread-safe, cheap to keep).</summary>
    public ITextTokenizer OpenTokenizer(BackboneManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return TextTokenizerFactory.Create(manifest.Tokenizer, _store.Ensure(manifest).VocabPath);
    }

    public void Dispose()
    {
        foreach (var entry in _loaded.Values)
            if (entry.IsValueCreated) entry.Value.Backbone.Dispose();
        _loaded.Clear();
    }
}
