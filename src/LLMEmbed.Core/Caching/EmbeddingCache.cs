using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;

namespace LLMEmbed.Core.Caching;

/// <summary>
/// A disk cache of pooled embeddings for one <see cref="EmbeddingCacheKey"/>, so a text goes
/// through a backbone once per configuration. Layout under <c>&lt;root&gt;/&lt;key.ShortHash&gt;/</c>:
/// <c>key.json</c> (the full key and vector length, checked at open), and append-only segment files
/// <c>segment-NNNNNN.bin</c> of fixed-size records <c>[32-byte SHA-256 of the UTF-8 text][vectorLength
/// float32, little-endian]</c>. An in-memory index of hash → position is built at open.
/// <para>
/// Crash safety: a record is written with one call and indexed only afterwards; at open, a torn last
/// record (file size not a whole number of records, or a zero-filled tail) is cut off. One process
/// at a time owns a cache folder (an exclusive lock file); within it every member is thread-safe.
/// </para>
/// </summary>
public sealed class EmbeddingCache : IDisposable
{
    public const int HashLength = 32;
    private const string KeyFileName = "key.json";
    private const string LockFileName = ".lock";
    private const long DefaultMaxSegmentBytes = 256L * 1024 * 1024;

    private readonly object _gate = new();
    private readonly Dictionary<TextHashKey, RecordLocation> _index = [];
    private readonly List<SafeFileHandle> _readers = [];
    private readonly FileStream _lock;
    private readonly long _maxSegmentBytes;
    private FileStream _writer;
    private bool _disposed;

    private EmbeddingCache(string directory, EmbeddingCacheKey key, int vectorLength, long maxSegmentBytes, FileStream lockFile)
    {
        Directory = directory;
        Key = key;
        VectorLength = vectorLength;
        RecordBytes = HashLength + vectorLength * sizeof(float);
        _maxSegmentBytes = Math.Max(maxSegmentBytes, RecordBytes);
        _lock = lockFile;
        _writer = null!; // set by Load
    }

    public string Directory { get; }
    public EmbeddingCacheKey Key { get; }
    /// <summary>Floats per vector: taps × hidden size.</summary>
    public int VectorLength { get; }
    /// <summary>Bytes per record on disk.</summary>
    public int RecordBytes { get; }

    public int Count
    {
        get { lock (_gate) return _index.Count; }
    }

    /// <summary>Opens (creating if needed) the cache for <paramref name="key"/> under <paramref name="root"/>
    /// (usually <see cref="LLMEmbedPaths.Embeddings"/>).</summary>
    public static EmbeddingCache Open(string root, EmbeddingCacheKey key, int vectorLength) =>
        Open(root, key, vectorLength, DefaultMaxSegmentBytes);

    internal static EmbeddingCache Open(string root, EmbeddingCacheKey key, int vectorLength, long maxSegmentBytes)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(vectorLength);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxSegmentBytes);

        var directory = Path.Combine(Path.GetFullPath(root), key.ShortHash);
        System.IO.Directory.CreateDirectory(directory);
        FileStream lockFile;
        try
        {
            lockFile = new FileStream(Path.Combine(directory, LockFileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new IOException($"The embedding cache {directory} ({key}) is already open, in this or another process.", e);
        }

        var cache = new EmbeddingCache(directory, key, vectorLength, maxSegmentBytes, lockFile);
        try
        {
            cache.CheckKeyFile();
            cache.Load();
            return cache;
        }
        catch
        {
            cache.Dispose();
            throw;
        }
    }

    /// <summary>SHA-256 of the UTF-8 bytes of <paramref name="text"/>, the cache's lookup key.</summary>
    public static byte[] HashText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return SHA256.HashData(Encoding.UTF8.GetBytes(text));
    }

    public bool Contains(ReadOnlySpan<byte> textHash)
    {
        var key = TextHashKey.From(textHash);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _index.ContainsKey(key);
        }
    }

    /// <summary>Copies the cached vector into <paramref name="destination"/> (exactly
    /// <see cref="VectorLength"/> floats); false when the text is not cached.</summary>
    public bool TryGet(ReadOnlySpan<byte> textHash, Span<float> destination)
    {
        var key = TextHashKey.From(textHash);
        if (destination.Length != VectorLength)
            throw new ArgumentException($"The destination holds {destination.Length} floats; this cache's vectors have {VectorLength}.", nameof(destination));

        SafeFileHandle handle;
        RecordLocation location;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_index.TryGetValue(key, out location)) return false;
            handle = _readers[location.Segment];
        }

        var bytes = MemoryMarshal.AsBytes(destination);
        var read = RandomAccess.Read(handle, bytes, location.Offset + HashLength);
        if (read != bytes.Length)
            throw new IOException($"Segment {location.Segment} of {Directory} ended inside a record at offset {location.Offset}.");
        if (!BitConverter.IsLittleEndian)
        {
            var raw = MemoryMarshal.Cast<float, int>(destination);
            BinaryPrimitives.ReverseEndianness(raw, raw);
        }
        return true;
    }

    /// <summary>Appends one vector; false (and nothing written) when the text is already cached.</summary>
    public bool Put(ReadOnlySpan<byte> textHash, ReadOnlySpan<float> vector)
    {
        var key = TextHashKey.From(textHash);
        if (vector.Length != VectorLength)
            throw new ArgumentException($"The vector has {vector.Length} floats; this cache's vectors have {VectorLength}.", nameof(vector));
        var buffer = ArrayPool<byte>.Shared.Rent(RecordBytes);
        try
        {
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                if (_index.ContainsKey(key)) return false;
                EncodeRecord(textHash, vector, buffer.AsSpan(0, RecordBytes));
                Append(buffer.AsSpan(0, RecordBytes), [key]);
                return true;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Appends a batch: <paramref name="vectors"/> holds one vector per hash, row-major.
    /// Texts already cached (or repeated within the batch) are skipped. Returns the number added.</summary>
    public int PutMany(IReadOnlyList<byte[]> textHashes, ReadOnlySpan<float> vectors)
    {
        ArgumentNullException.ThrowIfNull(textHashes);
        if (vectors.Length != (long)textHashes.Count * VectorLength)
            throw new ArgumentException(
                $"Expected {textHashes.Count} × {VectorLength} floats for {textHashes.Count} hashes, got {vectors.Length}.", nameof(vectors));
        var keys = textHashes.Select(h => TextHashKey.From(h ?? throw new ArgumentException("A text hash is null.", nameof(textHashes)))).ToArray();

        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var fresh = new List<int>(keys.Length);
            var batch = new HashSet<TextHashKey>();
            for (var i = 0; i < keys.Length; i++)
            {
                if (!_index.ContainsKey(keys[i]) && batch.Add(keys[i])) fresh.Add(i);
            }
            // Writes go out in chunks that never straddle a segment boundary.
            var start = 0;
            while (start < fresh.Count)
            {
                var room = (int)Math.Max(1, (_maxSegmentBytes - _writer.Length) / RecordBytes);
                var take = Math.Min(room, Math.Min(fresh.Count - start, Math.Max(1, 4 * 1024 * 1024 / RecordBytes)));
                var buffer = ArrayPool<byte>.Shared.Rent(take * RecordBytes);
                try
                {
                    var chunkKeys = new TextHashKey[take];
                    for (var j = 0; j < take; j++)
                    {
                        var i = fresh[start + j];
                        chunkKeys[j] = keys[i];
                        EncodeRecord(textHashes[i], vectors.Slice(i * VectorLength, VectorLength), buffer.AsSpan(j * RecordBytes, RecordBytes));
                    }
                    Append(buffer.AsSpan(0, take * RecordBytes), chunkKeys);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
                start += take;
            }
            return fresh.Count;
        }
    }

    /// <summary>Forces written records to the disk (they already reach the OS on every put).</summary>
    public void Flush()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _writer.Flush(flushToDisk: true);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            if (_writer is not null)
            {
                _writer.Flush(flushToDisk: true);
                _writer.Dispose();
            }
            foreach (var reader in _readers) reader.Dispose();
            _lock.Dispose();
        }
    }

    private void CheckKeyFile()
    {
        var path = Path.Combine(Directory, KeyFileName);
        var expected = new KeyFile(Key.Canonical, VectorLength, RecordBytes);
        if (!File.Exists(path))
        {
            var temp = path + ".tmp";
            File.WriteAllText(temp, JsonSerializer.Serialize(expected));
            File.Move(temp, path, overwrite: true);
            return;
        }
        var found = JsonSerializer.Deserialize<KeyFile>(File.ReadAllText(path))
            ?? throw new InvalidDataException($"{path} is empty.");
        if (found.Key != expected.Key)
            throw new InvalidDataException($"{path} belongs to key '{found.Key}', not '{Key}' (short-hash collision).");
        if (found.VectorLength != VectorLength)
            throw new InvalidDataException(
                $"{path}: cache '{Key}' holds vectors of {found.VectorLength} floats, but {VectorLength} were asked for.");
    }

    private void Load()
    {
        var segments = System.IO.Directory.GetFiles(Directory, "segment-*.bin").Order(StringComparer.Ordinal).ToList();
        for (var s = 0; s < segments.Count; s++)
        {
            if (Path.GetFileName(segments[s]) != SegmentName(s))
                throw new InvalidDataException($"{Directory}: expected segment {SegmentName(s)}, found {Path.GetFileName(segments[s])}.");
            IndexSegment(segments[s], s, isLast: s == segments.Count - 1);
        }
        if (segments.Count == 0) StartSegment(0);
        else OpenWriter(segments[^1]);
    }

    private void IndexSegment(string path, int segment, bool isLast)
    {
        long validLength;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read, bufferSize: 1 << 16))
        {
            var whole = stream.Length / RecordBytes;
            Span<byte> hash = stackalloc byte[HashLength];
            validLength = 0;
            for (long r = 0; r < whole; r++)
            {
                stream.Position = r * RecordBytes;
                stream.ReadExactly(hash);
                var key = TextHashKey.From(hash);
                // A crash can leave a zero-filled tail whose size looks whole; no real SHA-256 is all zeros.
                if (key.IsZero && isLast) break;
                _index.TryAdd(key, new RecordLocation(segment, r * RecordBytes));
                validLength = (r + 1) * RecordBytes;
            }
            if (stream.Length != validLength)
            {
                if (!isLast)
                    throw new InvalidDataException($"{path} is damaged: {stream.Length} bytes is not a whole number of {RecordBytes}-byte records.");
                stream.SetLength(validLength); // the torn last write of an interrupted run
            }
        }
        _readers.Add(File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
    }

    private void StartSegment(int segment)
    {
        var path = Path.Combine(Directory, SegmentName(segment));
        using (new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read)) { }
        _readers.Add(File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        OpenWriter(path);
    }

    private void OpenWriter(string path)
    {
        _writer?.Dispose();
        // Unbuffered: each Write reaches the OS at once, so a record is readable as soon as it is indexed.
        _writer = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.Read, bufferSize: 0);
        _writer.Seek(0, SeekOrigin.End);
    }

    /// <summary>Writes whole records (caller holds the lock), rolling to a new segment when full.</summary>
    private void Append(ReadOnlySpan<byte> records, ReadOnlySpan<TextHashKey> keys)
    {
        if (_writer.Length > 0 && _writer.Length + records.Length > _maxSegmentBytes)
        {
            _writer.Flush(flushToDisk: true);
            StartSegment(_readers.Count);
        }
        var segment = _readers.Count - 1;
        var offset = _writer.Length;
        try
        {
            _writer.Write(records);
        }
        catch
        {
            // Keep the file a whole number of records (e.g. after a full disk), so later appends stay aligned.
            _writer.SetLength(offset);
            _writer.Seek(0, SeekOrigin.End);
            throw;
        }
        for (var i = 0; i < keys.Length; i++) _index[keys[i]] = new RecordLocation(segment, offset + (long)i * RecordBytes);
    }

    private void EncodeRecord(ReadOnlySpan<byte> hash, ReadOnlySpan<float> vector, Span<byte> record)
    {
        hash.CopyTo(record);
        var body = record[HashLength..];
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.AsBytes(vector).CopyTo(body);
            return;
        }
        for (var i = 0; i < vector.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(body[(i * sizeof(float))..], vector[i]);
    }

    private static string SegmentName(int segment) => $"segment-{segment:D6}.bin";

    private readonly record struct RecordLocation(int Segment, long Offset);

    private sealed record KeyFile(string Key, int VectorLength, int RecordBytes);
}
