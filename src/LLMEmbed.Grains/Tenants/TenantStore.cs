using Orleans.Storage;

namespace LLMEmbed.Grains.Tenants;

/// <summary>
/// A tenant's records in one grain storage provider, all under the tenant grain's id: "tenant"
/// (the state), "tenant-segment-{n}" (examples) and "tenant-head-v{n}" (heads). Separate records
/// keep every write bounded: an append rewrites one segment, never the whole example set.
/// Thread-safe for reads; writes come from the tenant grain's turns only.
/// </summary>
internal sealed class TenantStore(IGrainStorage storage, GrainId grain)
{
    private const string StateName = "tenant";
    private readonly StoredRecord<TenantState> _state = new(new TenantState());

    public static string SegmentName(int segment) => $"tenant-segment-{segment}";
    /// <summary>The default task's heads keep their pre-task names; a named task's carry its key.</summary>
    public static string HeadName(int version, int task = 0) => task == 0 ? $"tenant-head-v{version}" : $"tenant-task{task}-head-v{version}";

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

    /// <summary>The segment's first <paramref name="count"/> rows (later rows were never acknowledged).</summary>
    public async Task<(TenantSegment Segment, string? ETag)> ReadSegmentAsync(int segment, int count)
    {
        var record = new StoredRecord<TenantSegment>(new TenantSegment());
        await storage.ReadStateAsync(SegmentName(segment), grain, record);
        var stored = record.RecordExists ? record.State : new TenantSegment();
        if (count > stored.Count)
            throw new InvalidDataException($"Tenant {grain}: segment {segment} holds {stored.Count} rows but the state acknowledges {count}.");
        return (stored.Take(count), record.ETag);
    }

    /// <returns>The new ETag.</returns>
    public async Task<string?> WriteSegmentAsync(int segment, TenantSegment content, string? etag)
    {
        var record = new StoredRecord<TenantSegment>(content) { ETag = etag };
        await storage.WriteStateAsync(SegmentName(segment), grain, record);
        return record.ETag;
    }

    /// <summary>Writes a head record, replacing any orphan left by a write whose state update never landed.</summary>
    public async Task WriteHeadAsync(int version, byte[] bytes, byte[]? referenceRows = null, int task = 0)
    {
        var record = new StoredRecord<HeadBlob>(new HeadBlob([]));
        await storage.ReadStateAsync(HeadName(version, task), grain, record);
        record.State = new HeadBlob(bytes, referenceRows);
        await storage.WriteStateAsync(HeadName(version, task), grain, record);
    }

    public async Task<HeadBlob> ReadHeadAsync(int version, int task = 0)
    {
        var record = new StoredRecord<HeadBlob>(new HeadBlob([]));
        await storage.ReadStateAsync(HeadName(version, task), grain, record);
        if (!record.RecordExists) throw new InvalidDataException($"Tenant {grain}: head version {version} of task {task} is referenced but its record is missing.");
        return record.State;
    }

    /// <summary>Removes a named task's head records (after the state that referenced them was written without it).</summary>
    public async Task ClearHeadsAsync(TaskRecord task)
    {
        for (var v = 1; v <= task.NextHeadVersion; v++) await ClearAsync<HeadBlob>(HeadName(v, task.Key), new HeadBlob([]));
    }

    /// <summary>Removes every record of the tenant: state first, so a crash midway leaves only unreferenced records.</summary>
    public async Task DeleteAllAsync(TenantState state)
    {
        await ClearStateAsync();
        for (var s = 0; s < state.SegmentCounts.Length + 1; s++) await ClearAsync<TenantSegment>(SegmentName(s), new TenantSegment());
        for (var v = 1; v <= state.NextHeadVersion; v++) await ClearAsync<HeadBlob>(HeadName(v), new HeadBlob([]));
        foreach (var task in state.Tasks) await ClearHeadsAsync(task);
    }

    private async Task ClearAsync<T>(string name, T empty)
    {
        var record = new StoredRecord<T>(empty);
        await storage.ReadStateAsync(name, grain, record);
        if (record.RecordExists) await storage.ClearStateAsync(name, grain, record);
    }
}
