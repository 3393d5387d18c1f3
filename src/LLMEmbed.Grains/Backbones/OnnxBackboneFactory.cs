using LLMEmbed.Core;
using LLMEmbed.Core.Backbones;
using LLMEmbed.Core.Features;
using LLMEmbed.Core.Models;
using LLMEmbed.Core.Tokenization;
using LLMEmbed.Grains.Placement;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LLMEmbed.Grains.Backbones;

/// <summary>
/// Real backbones for a silo: the manifest from the catalog, the model files from the local model
/// cache (extracted and tapped once), an ONNX session on the silo's accelerator. Sessions are
/// not cached here: <see cref="BackboneRegistry"/> asks once per backbone and owns the result (Core's BackboneLoader opens them).
/// </summary>
public sealed class OnnxBackboneFactory : IBackboneFactory
{
    private readonly Lazy<BackboneLoader> _loader;
    private readonly BackboneOptions _session;

    public OnnxBackboneFactory(IOptions<BackboneOptions> options, IOptions<SiloRoleOptions> role, ILogger<OnnxBackboneFactory> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(role);
        // The silo's role decides where its backbones run: "cuda" demands CUDA and fails loudly if it cannot load.
        var session = options.Value with { ExecutionProvider = role.Value.Accelerator == SiloRoleOptions.Cuda ? BackboneOptions.Cuda : BackboneOptions.Cpu };
        _session = session;
        var directory = session.ManifestDirectory.Length == 0 ? null : session.ManifestDirectory;
        // Lazy: the catalog is read on first use. Sessions are opened by Core's loader, never cached here.
        _loader = new Lazy<BackboneLoader>(() => new BackboneLoader(ModelCatalog.Load(directory), new ModelStore(LLMEmbedPaths.Default()), session, logger));
    }

    public IReadOnlyList<string> BackboneIds => _loader.Value.Catalog.Manifests.Select(m => m.Id).ToList();

    /// <summary>The catalog's manifest with Backbone:MaxTokens applied as a cap on its token limit.</summary>
    public BackboneManifest Manifest(string backboneId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(backboneId);
        var manifest = _loader.Value.Catalog.Get(backboneId);
        return _session.MaxTokens == 0 || _session.MaxTokens >= manifest.MaxTokens ? manifest : manifest with { MaxTokens = _session.MaxTokens };
    }

    public IBackbone Create(string backboneId) => _loader.Value.Open(Manifest(backboneId));

    public ITextTokenizer CreateTokenizer(string backboneId) => _loader.Value.OpenTokenizer(Manifest(backboneId));
}
