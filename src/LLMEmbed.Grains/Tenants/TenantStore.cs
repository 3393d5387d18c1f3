using System.Collections.Concurrent;
using Orleans.Storage;

namespace LLMEmbed.Grains.Tenants;

/// <summary>
/// A tenant's records in one grain storage provider, all under the tenant grain's id: "tenant"
/// (the state), "tenant-segment-{n}" (examples), "tenant-segment-{n}-part-{level}-{slot}" (the tail
/// segment's newest rows, see <see cref="TailLayout"/>) and "tenant-head-v{n}" (heads). Separate records
/// keep every write bounded: an append writes a part holding its rows, never a whole segment.
/// Thread-safe for reads; writes come from the tenant grain's turns only.
/// </summary>
internal sealed class TenantStore(IGrainStorage storage, GrainId grain, int segmentCapacity = TenantStore.DefaultCapacity)
{
    private const int DefaultCapacity = 512;
    private const string StateName = "tenant";
    // A reader holding an older layout may find a part merged away; it reads again with the current one.
    private const int ReadAttempts = 4;
    private readonly StoredRecord<TenantState> _state = new(new TenantState());
    // ETags of segment and part records as this grain last wrote them; a name not here is read before writing.
    private readonly ConcurrentDictionary<string, string?> _etags = new(StringComparer.Ordinal);

    public static string SegmentName(int segment) => $"tenant-segment-{segment}";
    public static string PartName(int segment, int level, int slot) => $"tenant-segment-{segment}-part-{level}-{slot}";
    /// <summary>The default task's heads keep their pre-task names; a named task's carry its key.</summary>
    public static string HeadName(int version, int task = 0) => task == 0 ? $"tenant-head-v{version}" : $"tenant-task{task}-head-v{version}";

    /// <summary>Records read by segment reads (base and parts), for tests that bound them.</summary>
    public long RecordsRead => Interlocked.Read(ref _recordsRead);
    private long _recordsRead;

    public async Task<TenantState> ReadStateAsync()
    {
        await storage.ReadStateAsync(StateName, grain, _state);
        _state.State ??= new TenantState();
        return _state.State;
    }

    /// <summary>Writes the state; on failure the stored copy and the ETag are unchanged.</summary>
    public async Task WriteStateAsync(TenantState next)
    {
        var previous = _state.State;
        _state.State = next;
        try
        {
            await storage.WriteStateAsync(StateName, grain, _state);
        }
        catch
        {
            _state.State = previous;
            throw;
        }
    }

    public async Task ClearStateAsync()
    {
        await storage.ClearStateAsync(StateName, grain, _state);
        _state.State = new TenantState();
    }

    /// <summary>
    /// The logical segment's first <paramref name="count"/> rows (later rows were never acknowledged), read
    /// with the tail layout of the state last written; the ETag is the base record's.
    /// </summary>
    public async Task<(TenantSegment Segment, string? ETag)> ReadSegmentAsync(int segment, int count)
    {
        for (var attempt = 1; ; attempt++)
        {
            var layout = _state.State?.Tail; // the state last written (or being written): its layout covers every acknowledged row
            var read = await ReadSegmentAsync(segment, count, layout is not null && layout.Segment == segment ? layout : null);
            if (read is { } found) return found;
            if (attempt == ReadAttempts)
                throw new InvalidDataException($"Tenant {grain}: the parts of segment {segment} changed under {ReadAttempts} reads in a row.");
        }
    }

    /// <summary>The segment's first <paramref name="count"/> rows as <paramref name="layout"/> stores them (null: all in the base record); null when a part no longer matches.</summary>
    public async Task<(TenantSegment Segment, string? ETag)?> ReadSegmentAsync(int segment, int count, TailLayout? layout)
    {
        var baseRows = Math.Min(count, layout?.BaseRows ?? count);
        TenantSegment rows = new();
        string? etag = null;
        if (baseRows > 0 || layout is null)
        {
            var record = new StoredRecord<TenantSegment>(new TenantSegment());
            await storage.ReadStateAsync(SegmentName(segment), grain, record);
            Interlocked.Increment(ref _recordsRead);
            var stored = record.RecordExists ? record.State : new TenantSegment();
            if (baseRows > stored.Count)
                throw new InvalidDataException($"Tenant {grain}: segment {segment} holds {stored.Count} rows but the state acknowledges {baseRows}.");
            rows = stored.Take(baseRows);
            etag = record.ETag;
        }
        foreach (var part in layout?.Parts ?? [])
        {
            if (part.FirstRow >= count) break;
            var record = new StoredRecord<SegmentPart>(new SegmentPart(-1, new TenantSegment()));
            await storage.ReadStateAsync(PartName(segment, part.Level, part.Slot), grain, record);
            Interlocked.Increment(ref _recordsRead);
            var wanted = Math.Min(part.Rows, count - part.FirstRow);
            if (!record.RecordExists || record.State.FirstRow != part.FirstRow || record.State.Rows.Count < wanted || rows.Count != part.FirstRow) return null;
            rows = rows.Concat(record.State.Rows.Take(wanted));
        }
        if (rows.Count != count)
            throw new InvalidDataException($"Tenant {grain}: segment {segment} holds {rows.Count} rows but the state acknowledges {count}.");
        return (rows, etag);
    }

    /// <summary>Writes a segment's base record (all its rows), replacing whatever is stored under that name.</summary>
    public Task WriteBaseAsync(int segment, TenantSegment content) => WriteRecordAsync(SegmentName(segment), content);

    /// <summary>Writes a part record; the slot is one no acknowledged layout references (orphans and merged-away parts are replaced).</summary>
    public Task WritePartAsync(int segment, TailPart part, TenantSegment rows) =>
        WriteRecordAsync(PartName(segment, part.Level, part.Slot), new SegmentPart(part.FirstRow, rows));

    /// <summary>Removes every part record a segment can have (after the state that no longer references them was written).</summary>
    public async Task ClearPartsAsync(int segment)
    {
        for (var level = 0; level < TailPlan.Levels(segmentCapacity); level++)
            for (var slot = 0; slot < TailPlan.Fanout; slot++)
                await ClearAsync(PartName(segment, level, slot), new SegmentPart(-1, new TenantSegment()));
    }

    private async Task WriteRecordAsync<T>(string name, T content)
    {
        if (!_etags.TryGetValue(name, out var etag))
        {
            var current = new StoredRecord<T>(content);
            await storage.ReadStateAsync(name, grain, current);
            etag = current.ETag;
        }
        var record = new StoredRecord<T>(content) { ETag = etag };
        try
        {
            await storage.WriteStateAsync(name, grain, record);
        }
        catch
        {
            _etags.TryRemove(name, out _); // the write may have landed: read the ETag again next time
            throw;
        }
        _etags[name] = record.ETag;
    }

    /// <summary>Writes a head record, replacing any orphan left by a write whose state update never landed.</summary>
    public Task WriteHeadAsync(int version, byte[] bytes, byte[]? referenceRows = null, int task = 0) =>
        WriteRecordAsync(HeadName(version, task), new HeadBlob(bytes, referenceRows));

    public async Task<HeadBlob> ReadHeadAsync(int version, int task = 0)
    {
        var record = new StoredRecord<HeadBlob>(new HeadBlob([]));
        await storage.ReadStateAsync(HeadName(version, task), grain, record);
        if (!record.RecordExists) throw new InvalidDataException($"Tenant {grain}: head version {version} of task {task} is referenced but its record is missing.");
        return record.State;
    }

    /// <summary>Removes one segment's base record (an abandoned restore's).</summary>
    public Task ClearSegmentAsync(int segment) => ClearAsync(SegmentName(segment), new TenantSegment());

    /// <summary>Removes one head record (a pruned version's, after the state stopped naming it; or an abandoned restore's).</summary>
    public Task ClearHeadAsync(int version, int task = 0) => ClearAsync(HeadName(version, task), new HeadBlob([]));

    /// <summary>Removes a named task's head records (after the state that referenced them was written without it).</summary>
    public async Task ClearHeadsAsync(TaskRecord task)
    {
        for (var v = 1; v <= task.NextHeadVersion; v++) await ClearAsync<HeadBlob>(HeadName(v, task.Key), new HeadBlob([]));
    }

    /// <summary>
    /// Removes every record <paramref name="state"/> names, then the state itself (written with
    /// <see cref="TenantState.Deleting"/> before this), so a failure midway leaves a state that still names
    /// what is left to remove. Clearing a record that is already gone is a no-op: calling it again is safe.
    /// </summary>
    public async Task DeleteAllAsync(TenantState state)
    {
        for (var s = 0; s < state.SegmentCounts.Length + 1; s++)
        {
            await ClearAsync(SegmentName(s), new TenantSegment());
            await ClearPartsAsync(s);
        }
        for (var v = 1; v <= state.NextHeadVersion; v++) await ClearAsync<HeadBlob>(HeadName(v), new HeadBlob([]));
        foreach (var task in state.Tasks) await ClearHeadsAsync(task);
        await ClearStateAsync();
    }

    private async Task ClearAsync<T>(string name, T empty)
    {
        _etags.TryRemove(name, out _);
        var record = new StoredRecord<T>(empty);
        await storage.ReadStateAsync(name, grain, record);
        if (record.RecordExists) await storage.ClearStateAsync(name, grain, record);
    }
}
