using LLMEmbed.Core.Sampling;
using LLMEmbed.Grains.Abstractions.Tenants;

namespace LLMEmbed.Grains.Tenants;

/// <summary>
/// The unlabelled rows a suggestion call considers: every acknowledged row whose label key is
/// <see cref="SegmentLabelKeys.Unlabelled"/>, or, past <c>cap</c> of them, a seeded uniform sample of <c>cap</c>
/// (reservoir sampling while the segments are read, so memory stays cap x dimension whatever the tenant stores;
/// only kept rows have their vector decoded). Rows come in id order.
/// </summary>
internal sealed record SuggestionPool(long[] Ids, float[][] Vectors, string[] Texts)
{
    public static async Task<SuggestionPool> LoadAsync(TenantStore store, int[] segmentCounts, int cap, int seed, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cap);
        var kept = new List<(long Id, float[] Vector, string Text)>();
        var random = new SeededRandom(SeededRandom.Mix((ulong)seed, 0x73756767));
        long seen = 0;
        for (var s = 0; s < segmentCounts.Length; s++)
        {
            ct.ThrowIfCancellationRequested();
            var (segment, _) = await store.ReadSegmentAsync(s, segmentCounts[s]);
            for (var r = 0; r < segment.Count; r++)
            {
                if (segment.Labels[r] != SegmentLabelKeys.Unlabelled) continue;
                // Algorithm R: the n-th row replaces a kept one with probability cap / n.
                var slot = seen < cap ? -1 : random.NextInt((int)Math.Min(int.MaxValue, seen + 1));
                seen++;
                if (slot >= cap) continue;
                var row = (SegmentLabelKeys.ExampleId(s, r), TenantTrainer.ReadRow(segment.Features, r, segment.Dimension), segment.Texts?[r] ?? "");
                if (slot < 0) kept.Add(row);
                else kept[slot] = row;
            }
        }
        kept.Sort((a, b) => a.Id.CompareTo(b.Id));
        return new SuggestionPool(kept.Select(k => k.Id).ToArray(), kept.Select(k => k.Vector).ToArray(), kept.Select(k => k.Text).ToArray());
    }
}
