using LLMEmbed.Core;
using LLMEmbed.Core.Backbones;
using LLMEmbed.Core.Models;
using LLMEmbed.Core.Tokenization;
using LLMEmbed.Grains.Placement;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LLMEmbed.Grains.Backbones;

/// <summary>
/// Real backbones for a silo: the manifest from the catalog, the model files from the local model
/// cache (extracted and tapped once), an ONNX session on the silo's accelerator. Sessions are
/// not cached here: <see cref="BackboneRegistry"/> asks once per backbone and owns the result.
/// </summary>
public sealed class OnnxBackboneFactory : IBackboneFactory
{
    private readonly Lazy<ModelCatalog> _catalog;
    private readonly ModelStore _store;
    private readonly BackboneOptions _session;
    private readonly ILogger _logger;

    public OnnxBackboneFactory(IOptions<BackboneOptions> options, IOptions<SiloRoleOptions> role, ILogger<OnnxBackboneFactory> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(role);
        // The silo's role decides where its backbones run: "cuda" demands CUDA and fails loudly if it cannot load.
        _session = options.Value with { ExecutionProvider = role.Value.Accelerator == SiloRoleOptions.Cuda ? BackboneOptions.Cuda : BackboneOptions.Cpu };
        _session.Validate();
        _logger = logger;
        var directory = _session.ManifestDirectory.Length == 0 ? null : _session.ManifestDirectory;
        // Lazy: silos that never host a backbone need no models/ folder.
        _catalog = new Lazy<ModelCatalog>(() => ModelCatalog.Load(directory));
        _store = new ModelStore(LLMEmbedPaths.Default());
    }

    public IReadOnlyList<string> BackboneIds => _catalog.Value.Manifests.Select(m => m.Id).ToList();

    /// <summary>The catalog's manifest with Backbone:MaxTokens applied as a cap on its token limit.</summary>
    public BackboneManifest Manifest(string backboneId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(backboneId);
        var manifest = _catalog.Value.Get(backboneId);
        return _session.MaxTokens == 0 || _session.MaxTokens >= manifest.MaxTokens ? manifest : manifest with { MaxTokens = _session.MaxTokens };
    }

    public IBackbone Create(string backboneId)
    {
        var manifest = Manifest(backboneId);
        var files = _store.Ensure(manifest);
        return OnnxBackbone.Create(manifest, files, _session, _logger);
    }

    public ITextTokenizer CreateTokenizer(string backboneId)
    {
        var manifest = Manifest(backboneId);
        return TextTokenizerFactory.Create(manifest.Tokenizer, _store.Ensure(manifest).VocabPath);
    }
}
