using LLMEmbed.Grains.Abstractions.Tenants;

namespace LLMEmbed.Grains.Tenants;

/// <summary>Stored rows per source, kept in <see cref="TenantState.SourceCounts"/> (states from before sources: all import).</summary>
internal static class SourceCounting
{
    private static readonly ExampleSource[] All = Enum.GetValues<ExampleSource>();

    public static long[] Add(TenantState state, ExampleSource source, long rows)
    {
        var counts = Current(state);
        counts[(int)source] += rows;
        return counts;
    }

    public static Dictionary<string, long> PerSource(TenantState state)
    {
        var counts = Current(state);
        return All.ToDictionary(SegmentLabelKeys.Name, s => counts[(int)s], StringComparer.Ordinal);
    }

    /// <summary>A copy sized for every source; an empty stored array means every row is an import.</summary>
    private static long[] Current(TenantState state)
    {
        var counts = new long[All.Length];
        if (state.SourceCounts.Length == 0) counts[(int)ExampleSource.Import] = state.Examples;
        else state.SourceCounts.AsSpan(0, Math.Min(counts.Length, state.SourceCounts.Length)).CopyTo(counts);
        return counts;
    }
}
