using LLMEmbed.Grains.Abstractions.Errors;
using LLMEmbed.Grains.Abstractions.Tenants;

namespace LLMEmbed.Grains.Tenants;

/// <summary>
/// The state-side bookkeeping of a row whose label key or source changes (relabel, delete): label
/// counts and source counts move with it. Pure, so a refused change leaves the tenant untouched.
/// </summary>
internal static class ExampleEdits
{
    public const int MaxPageSize = 500;

    /// <summary>The stored row <paramref name="id"/> names, or NotFound (never stored, or deleted).</summary>
    public static (int Segment, int Row) Locate(TenantState state, long id)
    {
        var (segment, row) = SegmentLabelKeys.Split(id);
        if (id < 0 || segment >= state.SegmentCounts.Length || row >= state.SegmentCounts[segment])
            throw new NotFoundException($"Example {id} does not exist.");
        return (segment, row);
    }

    /// <summary>The state after one row went from (<paramref name="fromLabel"/>, <paramref name="fromSource"/>) to the new pair.</summary>
    public static TenantState Move(TenantState state, int fromLabel, ExampleSource fromSource, int toLabel, ExampleSource toSource)
    {
        var labels = state.Labels.Select((l, i) => l with { Examples = l.Examples - (i == fromLabel ? 1 : 0) + (i == toLabel ? 1 : 0) }).ToArray();
        var sources = SourceCounting.Add(state, fromSource, -1);
        var deleted = toLabel == SegmentLabelKeys.Deleted;
        if (!deleted) sources[(int)toSource]++;
        return state with { Labels = labels, SourceCounts = sources, Examples = state.Examples - (deleted ? 1 : 0) };
    }

    /// <summary>The state once a deleted row no longer counts for the named tasks it was labelled for.</summary>
    public static TenantState ForgetTaskLabels(TenantState state, TenantSegment segment, int row)
    {
        if (segment.TaskColumns is null) return state;
        return state with
        {
            Tasks = state.Tasks.Select(t => segment.TaskLabelsOf(t.Key, row) is { } keys
                ? t with { Examples = t.Examples - 1, Labels = t.Labels.Select((l, i) => keys.Contains(i) ? l with { Examples = l.Examples - 1 } : l).ToArray() }
                : t).ToArray(),
        };
    }

    public static StoredExample Describe(TenantState state, TenantSegment segment, int index, int row)
    {
        var key = segment.Labels[row];
        return new StoredExample(SegmentLabelKeys.ExampleId(index, row), segment.Texts?[row], key >= 0 ? state.Labels[key].Name : "",
            segment.SourceOf(row), segment.ImportOf(row));
    }

    public static bool Matches(ExampleQuery query, TenantSegment segment, int row, int labelKey)
    {
        var key = segment.Labels[row];
        if (key == SegmentLabelKeys.Deleted) return false;
        if (query.Label is not null && key != labelKey) return false;
        if (query.Source is { } source && segment.SourceOf(row) != source) return false;
        return query.ImportId is null || segment.ImportOf(row) == query.ImportId;
    }

    public static void CheckPageSize(int pageSize)
    {
        if (pageSize is < 1 or > MaxPageSize)
            throw new InvalidRequestException($"page_size must be 1..{MaxPageSize}, got {pageSize}.", "page_size");
    }
}
