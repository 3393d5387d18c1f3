using LLMEmbed.Grains.Abstractions.Fusion;

namespace LLMEmbed.Gateway.Services;

/// <summary>Joins the vectors of consecutive pieces into one batch, in order.</summary>
internal static class FusedBatches
{
    public static FusedBatch Concat(IReadOnlyList<FusedBatch> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count == 0) throw new ArgumentException("No part to join.", nameof(parts));
        if (parts.Count == 1) return parts[0];
        var dim = parts[0].Dim;
        if (parts.Any(p => p.Dim != dim)) throw new InvalidOperationException("Pieces of one request came back with different vector widths.");
        var count = parts.Sum(p => p.Count);
        var data = new byte[parts.Sum(p => (long)p.Data.Length)];
        var truncated = new bool[count];
        int offset = 0, row = 0;
        foreach (var part in parts)
        {
            part.Data.CopyTo(data, offset);
            part.Truncated.CopyTo(truncated, row);
            offset += part.Data.Length;
            row += part.Count;
        }
        // Windows travel with their vectors (empty when no piece chunked a text).
        int[] windows = parts.Any(p => p.Windows.Length > 0) ? [.. parts.SelectMany(p => Enumerable.Range(0, p.Count).Select(p.WindowsOf))] : [];
        return new FusedBatch(count, dim, data, truncated) { Windows = windows };
    }

    /// <summary>The batch with texts cut at the gateway marked as truncated too.</summary>
    public static FusedBatch MarkCut(FusedBatch batch, IReadOnlyList<bool> cut) =>
        cut.Any(c => c) ? batch with { Truncated = batch.Truncated.Select((t, i) => t || cut[i]).ToArray() } : batch;
}
