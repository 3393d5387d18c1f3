namespace LLMEmbed.Grains.Tenants;

/// <summary>
/// Where an append's rows go in the tail's parts: a new level-0 part, and when a level then holds
/// <see cref="Fanout"/> parts they merge into one part of the next level (cascading), written once.
/// A part of level L holds at least Fanout^L rows, so a segment of C rows has at most
/// Fanout x log_Fanout(C) parts, and each row is rewritten once per level: appends cost what they add.
/// </summary>
public static class TailPlan
{
    public const int Fanout = 8;

    /// <summary>The layout with rows FirstRow..layout.Rows+rows-1 added, and the one part to write (it holds the new rows).</summary>
    public static (TailLayout Layout, TailPart Written) Add(TailLayout layout, int rows)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        var parts = layout.Parts.ToList();
        var part = new TailPart(0, 0, layout.Rows, rows);
        // Levels never grow along the rows, so the parts of one level are a run and the new part joins the last one.
        while (true)
        {
            var run = parts.Count - parts.FindLastIndex(p => p.Level != part.Level) - 1;
            if (run + 1 < Fanout)
            {
                part = part with { Slot = run };
                break;
            }
            var first = parts[^run];
            parts.RemoveRange(parts.Count - run, run);
            part = new TailPart(part.Level + 1, 0, first.FirstRow, part.FirstRow + part.Rows - first.FirstRow);
        }
        parts.Add(part);
        return (layout with { Parts = [.. parts] }, part);
    }

    /// <summary>Levels a segment of <paramref name="capacity"/> rows can have parts on (all slots of which a seal clears).</summary>
    public static int Levels(int capacity)
    {
        var levels = 1;
        for (long rows = Fanout; rows < capacity; rows *= Fanout) levels++;
        return levels;
    }
}
