namespace LLMEmbed.Gateway.Services;

/// <summary>
/// A request larger than one bounded grain call (<c>TenantInfo.TextsPerGrainCall</c>) is sent as
/// consecutive pieces, a few in flight so the backbones stay busy, answered in order.
/// </summary>
internal static class RequestPieces
{
    /// <summary>Pieces in flight per request: enough to keep the batcher fed while one piece's reply travels.</summary>
    public const int InFlight = 3;

    public static (int Start, int Count)[] Split(int total, int perPiece)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(total);
        ArgumentOutOfRangeException.ThrowIfLessThan(perPiece, 1);
        return Enumerable.Range(0, (total + perPiece - 1) / perPiece)
            .Select(p => (p * perPiece, Math.Min(perPiece, total - p * perPiece))).ToArray();
    }

    /// <summary>
    /// Calls <paramref name="call"/> for every piece, at most <see cref="InFlight"/> at once, results in
    /// piece order. The first failure cancels the pieces still running and is rethrown.
    /// </summary>
    public static async Task<T[]> MapAsync<T>(int total, int perPiece, Func<int, int, CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        var pieces = Split(total, perPiece);
        var results = new T[pieces.Length];
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var running = new Queue<(int Index, Task<T> Task)>();
        try
        {
            for (var next = 0; next < pieces.Length || running.Count > 0;)
            {
                while (next < pieces.Length && running.Count < InFlight)
                {
                    running.Enqueue((next, call(pieces[next].Start, pieces[next].Count, stop.Token)));
                    next++;
                }
                var (index, task) = running.Dequeue();
                results[index] = await task;
            }
            return results;
        }
        catch
        {
            await stop.CancelAsync();
            await DrainAsync(running.Select(r => (Task)r.Task));
            throw;
        }
    }

    /// <summary>Waits for abandoned pieces so none runs on unobserved; their own failures are not the caller's.</summary>
    public static async Task DrainAsync(IEnumerable<Task> tasks)
    {
        foreach (var task in tasks)
        {
            try { await task; }
            catch (Exception) { /* the first failure is the one reported */ }
        }
    }
}
