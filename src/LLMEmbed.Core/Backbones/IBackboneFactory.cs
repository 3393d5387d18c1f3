using LLMEmbed.Core.Models;

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

    /// <summary>The backbone's manifest (widths, layers, token limit) without loading it.</summary>
    BackboneManifest Manifest(string backboneId);

    /// <summary>Creates the backbone; throws if it cannot run where the process is configured to run it.</summary>
    IBackbone Create(string backboneId);

    /// <summary>The tokenizer matching that backbone: text to truncated token ids, special tokens included.</summary>
    ITokenEncoder CreateEncoder(string backboneId);
}
