using LLMEmbed.Grains.Abstractions.Tenants;
using LLMEmbed.Grains.Tenants;

namespace LLMEmbed.Cluster.Tests;

/// <summary>How a tail segment is cut into parts: merges keep the part count bounded, and parts join back into the segment they came from.</summary>
public sealed class TailPartsTests
{
    [Fact]
    public void One_row_appends_keep_at_most_fanout_parts_per_level_and_rewrite_each_row_once_per_level()
    {
        var layout = TailLayout.BaseOnly(0, 0);
        long written = 0;
        var mostParts = 0;
        for (var i = 0; i < 511; i++)
        {
            (layout, var part) = TailPlan.Add(layout, 1);
            written += part.Rows;
            mostParts = Math.Max(mostParts, layout.Parts.Length);
            Assert.Equal(i + 1, layout.Rows);
            // Contiguous rows, levels never growing along them, slots distinct within a level.
            Assert.Equal(Enumerable.Range(0, layout.Parts.Length).Select(p => p == 0 ? 0 : layout.Parts[p - 1].FirstRow + layout.Parts[p - 1].Rows), layout.Parts.Select(p => p.FirstRow));
            Assert.True(layout.Parts.Zip(layout.Parts.Skip(1)).All(p => p.First.Level >= p.Second.Level));
            Assert.Equal(layout.Parts.Length, layout.Parts.Select(p => (p.Level, p.Slot)).Distinct().Count());
        }
        Assert.InRange(mostParts, 1, (TailPlan.Fanout - 1) * TailPlan.Levels(512));
        Assert.Equal(3, TailPlan.Levels(512));
        Assert.InRange(written, 511, 511 * TailPlan.Levels(512));
    }

    [Fact]
    public void Parts_cut_anywhere_join_back_into_the_segment_with_texts_sources_imports_and_task_labels()
    {
        var whole = new TenantSegment()
            .Append(2, Bytes(0, 3), [0, 1, 0], null, ExampleSource.Import, "file-a")
            .Append(2, Bytes(3, 2), [-1, 1], ["open", "text"], ExampleSource.Unlabelled, "file-a", [new NewTaskRows(1, true, [[0, 2], []])])
            .Append(2, Bytes(5, 3), [1, 0, 1], null, ExampleSource.Feedback, tasks: [new NewTaskRows(2, false, [[1], null, [0]])]);
        for (var cut = 0; cut <= whole.Count; cut++)
        {
            var joined = whole.Take(cut).Concat(whole.Skip(cut));
            Assert.Equal(whole.Features, joined.Features);
            Assert.Equal(whole.Labels, joined.Labels);
            Assert.Equal(whole.Texts, joined.Texts);
            Assert.Equal(Enumerable.Range(0, 8).Select(whole.SourceOf), Enumerable.Range(0, 8).Select(joined.SourceOf));
            Assert.Equal(Enumerable.Range(0, 8).Select(whole.ImportOf), Enumerable.Range(0, 8).Select(joined.ImportOf));
            foreach (var task in new[] { 1, 2 })
                Assert.Equal(Enumerable.Range(0, 8).Select(r => whole.TaskLabelsOf(task, r)), Enumerable.Range(0, 8).Select(r => joined.TaskLabelsOf(task, r)));
        }
        Assert.Equal([0, 2], whole.Skip(3).TaskLabelsOf(1, 0)!);
        Assert.Equal("file-a", whole.Skip(4).ImportOf(0));
    }

    private static byte[] Bytes(int first, int rows) =>
        Enumerable.Range(first * 2, rows * 2).SelectMany(v => BitConverter.GetBytes((float)v)).ToArray();
}
