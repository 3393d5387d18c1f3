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
    private readonly OnnxBackboneOptions _options;
    private readonly BackboneOptions _session;
    private readonly ILogger _logger;

    public OnnxBackboneFactory(IOptions<OnnxBackboneOptions> options, IOptions<SiloRoleOptions> role, ILogger<OnnxBackboneFactory> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(role);
        _options = options.Value;
        _options.Validate();
        _session = _options.ToBackboneOptions(role.Value.Accelerator);
        _session.Validate();
        _logger = logger;
        var directory = _options.ManifestDirectory.Length == 0 ? null : _options.ManifestDirectory;
        // Lazy: silos that never host a backbone need no models/ folder.
        _catalog = new Lazy<ModelCatalog>(() => ModelCatalog.Load(directory));
        _store = new ModelStore(LLMEmbedPaths.Default());
    }

    public IReadOnlyList<string> BackboneIds => _catalog.Value.Manifests.Select(m => m.Id).ToList();

    public BackboneManifest Manifest(string backboneId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(backboneId);
        return _catalog.Value.Get(backboneId);
    }

    public IBackbone Create(string backboneId)
    {
        var manifest = Manifest(backboneId);
        var files = _store.Ensure(manifest);
        return OnnxBackbone.Create(manifest, files, _session, _logger);
    }

    public ITokenEncoder CreateEncoder(string backboneId)
    {
        var manifest = Manifest(backboneId);
        var files = _store.Ensure(manifest);
        var tokenizer = TextTokenizerFactory.Create(manifest.Tokenizer, files.VocabPath);
        var limit = _options.MaxTokens == 0 ? manifest.MaxTokens : Math.Min(_options.MaxTokens, manifest.MaxTokens);
        return new TokenizerEncoder(tokenizer, limit);
    }
}
