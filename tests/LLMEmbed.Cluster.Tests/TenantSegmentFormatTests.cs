using System.Buffers.Binary;
using LLMEmbed.Grains.Tenants;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace LLMEmbed.Cluster.Tests;

/// <summary>
/// Stored segments outlive the code that wrote them. Fixtures/tenant-segment-v1.bin is a segment record
/// as the previous format wrote it (3 rows of 2 features, labels 0 1 0, kept texts, and a SHA-256 per
/// row, a field this format no longer has): it must load unchanged and take new rows.
/// </summary>
public sealed class TenantSegmentFormatTests
{
    private static readonly Serializer Serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();

    private static TenantSegment LoadV1() =>
        Reload(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "tenant-segment-v1.bin")));

    private static TenantSegment Reload(byte[] bytes) => Assert.IsType<TenantSegment>(Serializer.Deserialize<TenantSegment>(bytes));

    private static float[] Features(TenantSegment segment) =>
        Enumerable.Range(0, segment.Features.Length / sizeof(float)).Select(i => BinaryPrimitives.ReadSingleLittleEndian(segment.Features.AsSpan(i * sizeof(float)))).ToArray();

    [Fact]
    public void A_segment_written_with_text_hashes_loads_with_its_rows_intact()
    {
        var segment = LoadV1();

        Assert.Equal(2, segment.Dimension);
        Assert.Equal(3, segment.Count);
        Assert.Equal([0.5f, 1.5f, 2.5f, 3.5f, 4.5f, 5.5f], Features(segment));
        Assert.Equal([0, 1, 0], segment.Labels);
        Assert.Equal(["first text", "second text", "third text"], segment.Texts!);
    }

    [Fact]
    public void An_old_segment_takes_its_acknowledged_rows_and_new_rows_in_the_current_format()
    {
        var taken = LoadV1().Take(2);
        var grown = taken.Append(2, new byte[2 * sizeof(float)], [1], ["fourth text"]);
        var reloaded = Reload(Serializer.SerializeToArray(grown));

        Assert.Equal(3, reloaded.Count);
        Assert.Equal([0.5f, 1.5f, 2.5f, 3.5f, 0f, 0f], Features(reloaded));
        Assert.Equal([0, 1, 1], reloaded.Labels);
        Assert.Equal(["first text", "second text", "fourth text"], reloaded.Texts!);
    }

    [Fact]
    public void An_old_segment_has_every_row_from_an_import_and_grows_rows_of_other_sources()
    {
        var old = LoadV1();
        Assert.All(Enumerable.Range(0, old.Count), r => Assert.Equal(LLMEmbed.Grains.Abstractions.Tenants.ExampleSource.Import, old.SourceOf(r)));
        Assert.Null(old.ImportOf(0));

        var grown = old.Append(2, new byte[2 * sizeof(float)], [-1], ["open text"], LLMEmbed.Grains.Abstractions.Tenants.ExampleSource.Unlabelled, "file");
        var reloaded = Reload(Serializer.SerializeToArray(grown.WithRow(1, -2, LLMEmbed.Grains.Abstractions.Tenants.ExampleSource.Import)));

        Assert.Equal([0, -2, 0, -1], reloaded.Labels);
        Assert.Equal(LLMEmbed.Grains.Abstractions.Tenants.ExampleSource.Unlabelled, reloaded.SourceOf(3));
        Assert.Equal(LLMEmbed.Grains.Abstractions.Tenants.ExampleSource.Import, reloaded.SourceOf(0));
        Assert.Equal("file", reloaded.ImportOf(3));
        Assert.Null(reloaded.ImportOf(2));
        Assert.Equal("open text", reloaded.Texts![3]);
        // Labelled rows appended without texts keep the texts aligned.
        var more = reloaded.Append(2, new byte[2 * sizeof(float)], [1], null);
        Assert.Equal(5, more.Texts!.Length);
        Assert.Null(more.Texts[4]);
    }
}
