using LLMEmbed.Grains.Abstractions.Tenants;

namespace LLMEmbed.Grains.Tenants;

/// <summary>What a stored row says for one task: the default task reads the segment's own labels, named tasks their columns.</summary>
internal static class TaskRowReader
{
    /// <summary>A single-label task's key for the row; negative when the row is not trained on for it (unlabelled, deleted, out of scope).</summary>
    public static int LabelKey(TenantSegment segment, int task, int row)
    {
        var own = segment.Labels[row];
        if (task == 0) return own;
        if (own == SegmentLabelKeys.Deleted) return SegmentLabelKeys.Deleted;
        return segment.TaskLabelsOf(task, row) is [var key] ? key : SegmentLabelKeys.Unlabelled;
    }

    /// <summary>A multi-label task's label keys for the row (empty = "none of these"); null when the row is not labelled for it or deleted.</summary>
    public static int[]? LabelSet(TenantSegment segment, int task, int row) =>
        segment.Labels[row] == SegmentLabelKeys.Deleted ? null : segment.TaskLabelsOf(task, row);
}
