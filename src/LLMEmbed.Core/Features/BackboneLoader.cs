using System.Collections.Concurrent;
using LLMEmbed.Core.Backbones;
using LLMEmbed.Core.Models;
using LLMEmbed.Core.Tokenization;
using Microsoft.Extensions.Logging;

namespace LLMEmbed.Core.Features;

/// <summary>A ready backbone: the ONNX session and the tokenizer that feeds it.</summary>
public sealed record LoadedBackbone(IBackbone Backbone, ITextTokenizer Tokenizer);

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
        _options.Validate();
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
        {
            var files = _store.Ensure(manifest, progress);
            var tokenizer = TextTokenizerFactory.Create(manifest.Tokenizer, files.VocabPath);
            var backbone = OnnxBackbone.Create(manifest, files, _options, _logger);
            return new LoadedBackbone(backbone, tokenizer);
        })).Value;
    }

    public void Dispose()
    {
        foreach (var entry in _loaded.Values)
            if (entry.IsValueCreated) entry.Value.Backbone.Dispose();
        _loaded.Clear();
    }
}
