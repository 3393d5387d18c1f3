using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Serialization;
using Orleans.Storage;

namespace LLMEmbed.Grains.Storage;

/// <summary>
/// Grain state as one file per grain under a data directory, safe against a crash at any instant:
/// each write goes to a temporary file, is flushed to disk, atomically renamed over the old file,
/// and the directory is flushed. A reader therefore sees the old or the new state, never a mix.
/// The ETag is a version that only grows, stored in the file; a stale ETag raises
/// <see cref="InconsistentStateException"/>. Concurrency checks hold within one process — for
/// several nodes use a shared store (e.g. Redis) behind the same <see cref="IGrainStorage"/>.
/// </summary>
public sealed class DurableFileGrainStorage : IGrainStorage
{
    private readonly string _name;
    private readonly string _root;
    private readonly IGrainStorageSerializer _serializer;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);

    public DurableFileGrainStorage(string name, DurableFileStorageOptions options, IGrainStorageSerializer serializer)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(serializer);
        options.Validate(name);
        _name = name;
        _root = Path.GetFullPath(options.RootDirectory);
        _serializer = serializer;
    }

    /// <summary>Builds the provider named <paramref name="name"/> from its named options.</summary>
    public static DurableFileGrainStorage Create(IServiceProvider services, string name)
    {
        var options = services.GetRequiredService<IOptionsMonitor<DurableFileStorageOptions>>().Get(name);
        var serializer = options.GrainStorageSerializer ?? new OrleansGrainStorageSerializer(services.GetRequiredService<Serializer>());
        return new DurableFileGrainStorage(name, options, serializer);
    }

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathOf(stateName, grainId);
        byte[] file;
        try
        {
            file = await File.ReadAllBytesAsync(path);
        }
        catch (FileNotFoundException) { file = []; }
        catch (DirectoryNotFoundException) { file = []; }
        if (file.Length == 0)
        {
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }
        var (version, payload) = StateFileFormat.Decode(file, path);
        grainState.State = _serializer.Deserialize<T>(payload);
        grainState.ETag = version.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathOf(stateName, grainId);
        var gate = _locks.GetOrAdd(path, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync();
        try
        {
            var stored = StoredVersion(path);
            CheckETag(stateName, grainId, grainState.ETag, stored);
            // Versions never repeat, even after a clear, so an ETag from before the clear stays stale.
            var version = Math.Max((stored ?? 0) + 1, DateTime.UtcNow.Ticks);
            var payload = _serializer.Serialize(grainState.State);
            var file = StateFileFormat.Encode(version, grainId.ToString(), payload.ToMemory().Span);
            var directory = Path.GetDirectoryName(path)!;
            Directory.CreateDirectory(directory);
            var temp = $"{path}.{Guid.NewGuid():N}.tmp";
            try
            {
                await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
                {
                    await stream.WriteAsync(file);
                    stream.Flush(flushToDisk: true);
                }
                File.Move(temp, path, overwrite: true);
            }
            catch
            {
                File.Delete(temp);
                throw;
            }
            DirectorySync.Flush(directory);
            grainState.ETag = version.ToString(CultureInfo.InvariantCulture);
            grainState.RecordExists = true;
        }
        finally
        {
            gate.Release();
        }
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathOf(stateName, grainId);
        var gate = _locks.GetOrAdd(path, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync();
        try
        {
            var stored = StoredVersion(path);
            CheckETag(stateName, grainId, grainState.ETag, stored);
            if (stored is not null)
            {
                File.Delete(path);
                DirectorySync.Flush(Path.GetDirectoryName(path)!);
            }
            grainState.ETag = null;
            grainState.RecordExists = false;
        }
        finally
        {
            gate.Release();
        }
    }

    private void CheckETag(string stateName, GrainId grainId, string? expected, long? stored)
    {
        var storedETag = stored?.ToString(CultureInfo.InvariantCulture);
        if (!string.Equals(expected, storedETag, StringComparison.Ordinal))
            throw new InconsistentStateException(
                $"Storage '{_name}', state '{stateName}' of {grainId}: the grain holds ETag '{expected ?? "none"}' but the stored version is '{storedETag ?? "none"}'.",
                storedETag, expected);
    }

    private static long? StoredVersion(string path) => File.Exists(path) ? StateFileFormat.ReadVersion(path) : null;

    /// <summary>root/state/readable-prefix-hash.state; the hash of the exact id keeps distinct ids apart after sanitising.</summary>
    internal string PathOf(string stateName, GrainId grainId)
    {
        var id = grainId.ToString();
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)))[..16];
        return Path.Combine(_root, Sanitize(stateName, 64), $"{Sanitize(id, 80)}-{hash}.state");
    }

    private static string Sanitize(string text, int maxLength)
    {
        var chars = text.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').Take(maxLength).ToArray();
        var result = new string(chars).Trim('.');
        return result.Length == 0 ? "_" : result;
    }
}
