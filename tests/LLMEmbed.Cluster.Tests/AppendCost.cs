using System.Globalization;
using LLMEmbed.Grains.Abstractions.Tenants;
using LLMEmbed.Grains.Tenants;
using Orleans.Storage;
using Xunit.Abstractions;

namespace LLMEmbed.Cluster.Tests;

/// <summary>
/// What appends cost on a grain storage provider (any: the body takes the provider): a tenant holding
/// 10,000 rows (seeded in large appends) takes 1-row appends, each writing a bounded number of bytes however
/// much it holds, and its rows still read back whole in a bounded number of records.
/// </summary>
public static class AppendCost
{
    public const int Dimension = 384;
    public const int Capacity = 512;
    private const int Seeded = 10_000;
    private const int Measured = 600; // crosses a segment filling up (seed leaves 272 rows in the tail)

    /// <summary>Bytes per 1-row append: the largest of the appends that wrote a single part, and the mean over all.</summary>
    public sealed record Result(long RowBytes, long CommonMax, double Mean, long RecordsRead, int Segments);

    public static async Task<Result> MeasureAsync(IGrainStorage provider, IGrainStorageSerializer serializer, string tenant, ITestOutputHelper? output = null)
    {
        var storage = new CountingGrainStorage(provider, serializer);
        var grain = GrainId.Create("tenant", tenant);
        var store = new TenantStore(storage, grain, Capacity);
        var appender = new ExampleAppender(store, Capacity);
        var state = new TenantState { Exists = true, Labels = [new LabelInfo("a", false, 0), new LabelInfo("b", false, 0)] };
        await store.WriteStateAsync(state);

        for (var row = 0; row < Seeded; row += 1000) state = await Append(store, appender, state, row, 1000);

        var perAppend = new List<(long Bytes, int PartsBefore, int PartsAfter, int Segments)>();
        for (var row = Seeded; row < Seeded + Measured; row++)
        {
            var before = storage.BytesWritten;
            var parts = state.Tail?.Parts.Length ?? 0;
            var segments = state.SegmentCounts.Length;
            state = await Append(store, appender, state, row, 1);
            perAppend.Add((storage.BytesWritten - before, parts, state.Tail?.Parts.Length ?? 0, state.SegmentCounts.Length - segments));
        }
        // The common path: one new part beside the others (no merge, no segment filled).
        var common = perAppend.Where(a => a.PartsAfter == a.PartsBefore + 1 && a.Segments == 0).Select(a => a.Bytes).ToArray();
        var rowBytes = serializer.Serialize(Rows(0, 1)).ToArray().LongLength;

        // A fresh store (a new activation) reads every row back, in order, in a bounded number of records.
        var reader = new TenantStore(storage, grain, Capacity);
        var stored = await reader.ReadStateAsync();
        var labels = new List<int>();
        for (var s = 0; s < stored.SegmentCounts.Length; s++)
        {
            var (segment, _) = await reader.ReadSegmentAsync(s, stored.SegmentCounts[s]);
            labels.AddRange(segment.Labels);
            if (s == stored.SegmentCounts.Length - 1) Assert.Equal(Label(Seeded + Measured - 1), segment.Labels[^1]);
        }
        Assert.Equal(Enumerable.Range(0, Seeded + Measured).Select(Label), labels);
        var result = new Result(rowBytes, common.Max(), perAppend.Average(a => a.Bytes), reader.RecordsRead, stored.SegmentCounts.Length);
        output?.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{tenant}: row {rowBytes} B; 1-row append at {Seeded} rows: common path at most {result.CommonMax} B ({common.Length} of {Measured}), mean {result.Mean:F0} B; " +
            $"reading {Seeded + Measured} rows took {result.RecordsRead} records for {result.Segments} segments"));
        return result;
    }

    /// <summary>The bounds the brief sets, checked the same way on every provider.</summary>
    public static void AssertBounded(Result result)
    {
        Assert.InRange(result.CommonMax, 1, 4096 + result.RowBytes);
        Assert.InRange(result.Mean, 1, 6.0 * result.RowBytes);
        Assert.InRange(result.RecordsRead, result.Segments, result.Segments + TailPlan.Fanout * TailPlan.Levels(Capacity));
    }

    private static int Label(int row) => row % 7 == 0 ? 1 : 0;

    private static async Task<TenantState> Append(TenantStore store, ExampleAppender appender, TenantState state, int first, int rows)
    {
        var segment = Rows(first, rows);
        var values = new float[rows * Dimension];
        Buffer.BlockCopy(segment.Features, 0, values, 0, segment.Features.Length);
        var next = await appender.AppendAsync(state, Dimension, values, segment.Labels, segment.Texts, ExampleSource.Import);
        await store.WriteStateAsync(next);
        await appender.AcknowledgedAsync();
        return next;
    }

    /// <summary>Rows as a tenant stores them: a 384-value vector, a label and a short kept text.</summary>
    private static TenantSegment Rows(int first, int rows)
    {
        var random = new Random(first);
        var features = new byte[rows * Dimension * sizeof(float)];
        var values = new float[rows * Dimension];
        for (var i = 0; i < values.Length; i++) values[i] = (float)random.NextDouble();
        Buffer.BlockCopy(values, 0, features, 0, features.Length);
        return new TenantSegment().Append(Dimension, features, Enumerable.Range(first, rows).Select(Label).ToArray(),
            Enumerable.Range(first, rows).Select(r => $"example text number {r}").ToArray());
    }
}
