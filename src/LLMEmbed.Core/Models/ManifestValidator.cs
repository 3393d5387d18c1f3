using System.Text.RegularExpressions;

namespace LLMEmbed.Core.Models;

/// <summary>Checks a manifest's fields and names the file and field at fault.</summary>
public static partial class ManifestValidator
{
    public const string TapModeLayerNormAdd = "layernorm-add";
    public const string TapModeOutputs = "outputs";

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]*$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Sha256Pattern();

    /// <summary>Throws <see cref="InvalidDataException"/> listing every problem found.</summary>
    public static void Validate(BackboneManifest manifest, string origin)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var errors = new List<string>();
        void Check(bool ok, string message) { if (!ok) errors.Add(message); }

        Check(IdPattern().IsMatch(manifest.Id ?? ""), $"id '{manifest.Id}' must be lower-case letters, digits, '.', '-' or '_' (it names a cache folder)");
        Check(manifest.Layers > 0, $"layers must be positive, got {manifest.Layers}");
        Check(manifest.HiddenSize > 0, $"hiddenSize must be positive, got {manifest.HiddenSize}");
        Check(manifest.MaxTokens > 1, $"maxTokens must be at least 2, got {manifest.MaxTokens}");
        Check(manifest.Tokenizer is not null, "tokenizer is required");
        if (manifest.Tokenizer is not null)
        {
            Check(!string.IsNullOrWhiteSpace(manifest.Tokenizer.Vocab), "tokenizer.vocab is required");
            Check(manifest.Tokenizer.PadId >= 0, $"tokenizer.padId must not be negative, got {manifest.Tokenizer.PadId}");
            Check(manifest.Tokenizer.Kind != TokenizerKind.Bpe || !string.IsNullOrWhiteSpace(manifest.Tokenizer.Merges),
                "tokenizer.merges is required for kind bpe");
        }
        foreach (var tap in manifest.DefaultTaps ?? [])
            Check(tap >= 0 && tap <= manifest.Layers, $"defaultTaps holds {tap}, outside 0..{manifest.Layers}");
        Check((manifest.DefaultTaps ?? []).Distinct().Count() == (manifest.DefaultTaps ?? []).Length, "defaultTaps has duplicates");
        ValidateSource(manifest.Source, Check);
        ValidateOnnx(manifest, Check);
        ValidateKeepFloat(manifest, Check);

        if (errors.Count > 0)
            throw new InvalidDataException($"{origin}: invalid manifest '{manifest.Id}': {string.Join("; ", errors)}.");
    }

    private static void ValidateKeepFloat(BackboneManifest manifest, Action<bool, string> check)
    {
        var keep = manifest.Int8KeepFloat ?? [];
        check(keep.Count == 0 || manifest.Precision == BackbonePrecision.Int8, "int8KeepFloat applies to precision int8 only");
        foreach (var entry in keep)
        {
            try
            {
                Onnx.MatMulSelector.Parse(entry);
            }
            catch (ArgumentException e)
            {
                check(false, $"int8KeepFloat: {e.Message}");
            }
        }
    }

    private static void ValidateSource(ModelSource? source, Action<bool, string> check)
    {
        check(source is not null, "source is required");
        if (source is null) return;
        if (source.Kind == ModelSourceKind.NugetResource)
        {
            check(!string.IsNullOrWhiteSpace(source.Package), "source.package is required for kind nuget-resource");
            check(!string.IsNullOrWhiteSpace(source.Version), "source.version is required for kind nuget-resource");
            check(!string.IsNullOrWhiteSpace(source.Assembly), "source.assembly is required for kind nuget-resource");
            check(!string.IsNullOrWhiteSpace(source.ModelResource), "source.modelResource is required for kind nuget-resource");
            check(!string.IsNullOrWhiteSpace(source.VocabResource), "source.vocabResource is required for kind nuget-resource");
            // Resources are copied out of a package anyone can republish: the digests are the trust anchor.
            check(source.ModelSha256 is not null, "source.modelSha256 is required for kind nuget-resource");
            check(source.VocabSha256 is not null, "source.vocabSha256 is required for kind nuget-resource");
        }
        else
        {
            check(!string.IsNullOrWhiteSpace(source.ModelPath), "source.modelPath is required for kind file");
            check(!string.IsNullOrWhiteSpace(source.VocabPath), "source.vocabPath is required for kind file");
        }
        check(source.ModelSha256 is null || Sha256Pattern().IsMatch(source.ModelSha256), "source.modelSha256 must be 64 lower-case hex digits");
        check(source.VocabSha256 is null || Sha256Pattern().IsMatch(source.VocabSha256), "source.vocabSha256 must be 64 lower-case hex digits");
    }

    private static void ValidateOnnx(BackboneManifest manifest, Action<bool, string> check)
    {
        var onnx = manifest.Onnx;
        check(onnx is not null, "onnx must not be null");
        if (onnx is null) return;
        check(!string.IsNullOrWhiteSpace(onnx.InputIds), "onnx.inputIds is required");
        check(onnx.TapMode is TapModeLayerNormAdd or TapModeOutputs,
            $"onnx.tapMode must be '{TapModeLayerNormAdd}' or '{TapModeOutputs}', got '{onnx.TapMode}'");
        if (onnx.TapMode == TapModeOutputs)
        {
            check(onnx.TapOutputs is not null && onnx.TapOutputs.Length == manifest.Layers + 1,
                $"onnx.tapOutputs must name {manifest.Layers + 1} graph outputs (taps 0..{manifest.Layers}) when tapMode is outputs, got {onnx.TapOutputs?.Length ?? 0}");
            check(onnx.TapOutputs is null || onnx.TapOutputs.All(n => !string.IsNullOrWhiteSpace(n)), "onnx.tapOutputs has an empty name");
        }
    }
}
