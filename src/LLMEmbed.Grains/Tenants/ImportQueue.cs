using LLMEmbed.Grains.Abstractions.Errors;
using LLMEmbed.Grains.Abstractions.Tenants;
using LLMEmbed.Grains.Fusion;

namespace LLMEmbed.Grains.Tenants;

/// <summary>
/// The import streams under way in one tenant activation. Chunks are featurized as they arrive, in
/// any order, and wait here by index; rows leave only in stream order, from the next index to store
/// up to the first gap, so nothing is ever stored out of order. In memory only: rows the activation
/// loses were never reported as stored, and a resumed import continues from the ledger.
/// </summary>
internal sealed class ImportQueue
{
    /// <summary>Open streams per activation; opening one more forgets the one idle longest (its gateway went away without ending it).</summary>
    public const int MaxStreams = 64;

    private readonly Dictionary<string, Stream> _streams = new(StringComparer.Ordinal);
    private long _clock;

    /// <summary>A chunk's rows, featurized: what one write appends.</summary>
    public sealed record Featurized(ImportChunk Chunk, int[] Labels, FusedVectors Vectors, NewTaskRows[]? Tasks = null);

    /// <summary>The chunk's stream, checked that the chunk may still be stored (else PreconditionFailed, before any model work).</summary>
    public void Admit(ImportChunk chunk)
    {
        var stream = Open(chunk.Stream);
        if (chunk.Index < stream.Next || stream.Waiting.ContainsKey(chunk.Index))
            throw new PreconditionFailedException($"Import stream {chunk.Stream} has chunk {chunk.Index} already.");
        if (chunk.Index >= stream.StopAt)
            throw new PreconditionFailedException($"Import stream {chunk.Stream} stopped before chunk {chunk.Index}: an earlier chunk failed.");
    }

    /// <summary>Queues a featurized chunk; true when the rows through a commit point are now ready to store.</summary>
    public bool Queue(Featurized rows)
    {
        var stream = Open(rows.Chunk.Stream);
        if (rows.Chunk.Index >= stream.StopAt) return false; // an earlier chunk failed meanwhile
        stream.Waiting.Add(rows.Chunk.Index, rows);
        return Ready(stream).Any(r => r.Chunk.Commit);
    }

    /// <summary>Nothing from <paramref name="index"/> on is stored: that chunk failed (or the write holding it did).</summary>
    public void Stop(string stream, int index)
    {
        if (!_streams.TryGetValue(stream, out var open)) return;
        open.StopAt = Math.Min(open.StopAt, index);
        foreach (var later in open.Waiting.Keys.Where(i => i >= index).ToList()) open.Waiting.Remove(later);
    }

    /// <summary>
    /// Takes the rows to store next, in order: through the last commit point of the rows ready, or,
    /// with <paramref name="toEnd"/>, every row ready. The caller stores them or stops the stream.
    /// </summary>
    public IReadOnlyList<Featurized> Take(string stream, bool toEnd)
    {
        if (!_streams.TryGetValue(stream, out var open)) return [];
        var ready = Ready(open).ToList();
        var take = toEnd ? ready.Count : ready.FindLastIndex(r => r.Chunk.Commit) + 1;
        foreach (var rows in ready.Take(take)) open.Waiting.Remove(rows.Chunk.Index);
        open.Next += take;
        return ready.GetRange(0, take);
    }

    public void Forget(string stream) => _streams.Remove(stream);

    /// <summary>A chunk of the stream was a retry of a stored write: its end answers as that write did.</summary>
    public void Replay(string stream, AddExamplesResult answer) => Open(stream).Replayed = answer;

    public AddExamplesResult? Replayed(string stream) => _streams.TryGetValue(stream, out var open) ? open.Replayed : null;

    public void Clear() => _streams.Clear();

    /// <summary>The consecutive featurized chunks from the next index to store.</summary>
    private static IEnumerable<Featurized> Ready(Stream stream)
    {
        for (var i = stream.Next; i < stream.StopAt && stream.Waiting.TryGetValue(i, out var rows); i++) yield return rows;
    }

    private Stream Open(string id)
    {
        if (string.IsNullOrWhiteSpace(id)) throw new InvalidRequestException("stream: an import chunk names its stream.", "stream");
        if (!_streams.TryGetValue(id, out var stream))
        {
            if (_streams.Count >= MaxStreams) _streams.Remove(_streams.MinBy(s => s.Value.Used).Key);
            _streams[id] = stream = new Stream();
        }
        stream.Used = ++_clock;
        return stream;
    }

    private sealed class Stream
    {
        public int Next { get; set; }
        public int StopAt { get; set; } = int.MaxValue;
        public SortedDictionary<int, Featurized> Waiting { get; } = [];
        public long Used { get; set; }
        public AddExamplesResult? Replayed { get; set; }
    }
}
