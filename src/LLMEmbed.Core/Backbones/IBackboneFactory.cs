using LLMEmbed.Core.Models;
using LLMEmbed.Core.Tokenization;

namespace LLMEmbed.Core.Backbones;

/// <summary>
/// Loads backbones by id for a serving process (one call per backbone per process; the caller
/// keeps and shares the result). Loading may be slow (model files, ONNX session, GPU); reading a
/// manifest is not.
/// </summary>
public interface IBackboneFactory
{
    /// <summary>Ids of every backbone this factory can create.</summary>
    IReadOnlyList<string> BackboneIds { get; }

    /// <summary>The backbone's manifest (widths, layers, and the token limit this process feeds it) without loading it.</summary>
    BackboneManifest Manifest(string backboneId);

    /// <summary>Creates the backbone; throws if it cannot run where the process is configured to run it.</summary>
    IBackbone Create(string backboneId);

    /// <summary>The tokenizer matching that backbone (cut texts to <see cref="Manifest"/>'s MaxTokens).</summary>
    ITextTokenizer CreateTokenizer(string backboneId);
}
