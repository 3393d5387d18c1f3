using LLMEmbed.Core.Backbones;
using LLMEmbed.Core.Batching;
using LLMEmbed.Grains.Abstractions.Errors;
using LLMEmbed.Grains.Abstractions.Tenants;
using LLMEmbed.Grains.Fusion;
using LLMEmbed.Grains.Hosting;
using LLMEmbed.Grains.Placement;
using LLMEmbed.Grains.Storage;
using LLMEmbed.Grains.Tenants;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace LLMEmbed.Cluster.Tests;

/// <summary>
/// The tenant grain's side of export and restore, on segments of 4 (so the tail is split into part records): the
/// snapshot an export takes holds while rows are appended and refuses edits until it ends; a restore writes every
/// segment whole under the new id, the state last; a restore missing a piece or carrying a wrong one is refused,
/// and abandoning it leaves no tenant and no record.
/// </summary>
public sealed class TenantArchiveGrainTests : IAsyncLifetime
{
    private OneSiloCluster? _cluster;

    private ITenantGrain Tenant(string id) => _cluster!.Client.GetGrain<ITenantGrain>(id);

    [Fact]
    public async Task An_export_is_its_snapshot_while_rows_are_appended_and_restores_whole_under_another_id()
    {
        var source = await SourceAsync("archive-src", rows: 10);
        var plan = await source.BeginExport();
        Assert.Equal(["segments/000000.bin", "segments/000001.bin", "segments/000002.bin"], plan.Pieces.Select(p => p.EntryName));
        Assert.Equal(10, plan.Facts.Examples);

        await source.AddExamples([new LabeledExample("added during the export", "b")], truncate: true);
        var first = (await source.ListExamples(new ExampleQuery(1))).Examples[0];
        var refused = await Assert.ThrowsAsync<PreconditionFailedException>(() => source.RelabelExample(first.Id, "b"));
        Assert.Contains("being exported", refused.Message);
        await Assert.ThrowsAsync<PreconditionFailedException>(() => source.DeleteExamples([first.Id], null));

        var second = await source.BeginExport(); // a second export of the same tenant runs beside the first
        Assert.Equal(11, second.Facts.Examples);
        var pieces = new List<byte[]>();
        for (var i = 0; i < plan.Pieces.Length; i++) pieces.Add(await source.ExportPiece(plan.ExportId, i));
        await source.EndExport(plan.ExportId);
        await Assert.ThrowsAsync<PreconditionFailedException>(() => source.RelabelExample(first.Id, "b")); // the second still reads
        Assert.NotEmpty(await source.ExportPiece(second.ExportId, 2));
        await source.EndExport(second.ExportId);
        await source.RelabelExample(first.Id, "b"); // both exports ended: edits go through again
        await Assert.ThrowsAsync<PreconditionFailedException>(() => source.ExportPiece(plan.ExportId, 0));

        var copy = Tenant("archive-copy");
        var restore = Guid.NewGuid().ToString("N");
        await copy.BeginRestore(restore, plan.State, plan.Facts.Backbones);
        for (var i = 0; i < pieces.Count; i++) await copy.RestorePiece(restore, plan.Pieces[i], pieces[i]);
        await Assert.ThrowsAsync<NotFoundException>(() => copy.Describe()); // nothing exists before the state is written
        var info = await copy.FinishRestore(restore);

        Assert.Equal(10, info.Examples); // the snapshot's rows: not the one added during the export
        Assert.Equal(Texts(10), await TextsAsync(copy));
        Assert.Equal("a", (await copy.ListExamples(new ExampleQuery(1))).Examples[0].Label); // the relabel after the snapshot is not in it
        await copy.AddExamples([new LabeledExample("appended to the copy", "a")], truncate: true);
        var grown = await TextsAsync(copy);
        Assert.Equal([.. Texts(10), "appended to the copy"], grown);
        await Assert.ThrowsAsync<AlreadyExistsException>(() => copy.BeginRestore(Guid.NewGuid().ToString("N"), plan.State, plan.Facts.Backbones));
    }

    [Fact]
    public async Task A_restore_missing_a_piece_or_given_a_wrong_one_is_refused_and_abandoning_it_leaves_nothing()
    {
        var source = await SourceAsync("partial-source", rows: 6);
        var plan = await source.BeginExport();
        var segment0 = await source.ExportPiece(plan.ExportId, 0);
        var segment1 = await source.ExportPiece(plan.ExportId, 1);
        await source.EndExport(plan.ExportId);

        var target = Tenant("archive-partial");
        var restore = Guid.NewGuid().ToString("N");
        await target.BeginRestore(restore, plan.State, plan.Facts.Backbones);
        var wrong = await Assert.ThrowsAsync<InvalidRequestException>(() => target.RestorePiece(restore, plan.Pieces[0], segment1));
        Assert.Contains("segments/000000.bin", wrong.Message);
        Assert.Contains("holds 2 rows; the state acknowledges 4", wrong.Message);
        var garbage = await Assert.ThrowsAsync<InvalidRequestException>(() => target.RestorePiece(restore, plan.Pieces[1], [1, 2, 3, 4, 5]));
        Assert.Contains("segments/000001.bin", garbage.Message);

        await target.RestorePiece(restore, plan.Pieces[0], segment0);
        Assert.NotEmpty(SegmentFiles("archive-partial"));
        var missing = await Assert.ThrowsAsync<InvalidRequestException>(() => target.FinishRestore(restore));
        Assert.Contains("segments/000001.bin", missing.Message);
        await target.AbandonRestore(restore);
        await Assert.ThrowsAsync<NotFoundException>(() => target.Describe());
        Assert.Empty(SegmentFiles("archive-partial"));
    }

    [Fact]
    public async Task A_restore_onto_other_model_files_than_made_the_vectors_is_refused_naming_the_backbone()
    {
        var source = await SourceAsync("fingerprint-source", rows: 2);
        var plan = await source.BeginExport();
        await source.EndExport(plan.ExportId);
        Assert.NotEmpty(plan.Facts.Backbones);
        var made = plan.Facts.Backbones[0];
        Assert.Null(made.ModelSha256); // the test backbones' manifests name no model file

        var other = made with { ModelSha256 = new string('0', 64) };
        var target = Tenant("fingerprint-target");
        var refused = await Assert.ThrowsAsync<PreconditionFailedException>(() => target.BeginRestore(Guid.NewGuid().ToString("N"), plan.State, [other]));
        Assert.Contains(made.Backbone, refused.Message);
        Assert.Contains(new string('0', 64), refused.Message);
        await Assert.ThrowsAsync<NotFoundException>(() => target.Describe());
    }

    private async Task<ITenantGrain> SourceAsync(string id, int rows)
    {
        var tenant = Tenant(id);
        await tenant.Create(TenantKit.Settings(keepTexts: true));
        await tenant.SetLabels(["a", "b"]);
        // One row per call: the tail segment's rows land in part records, which an export joins into one record.
        foreach (var text in Texts(rows)) await Retry.WhileNoBackboneHost(() => tenant.AddExamples([new LabeledExample(text, "a")], truncate: true));
        return tenant;
    }

    private static string[] Texts(int n) => Enumerable.Range(0, n).Select(i => $"row {i}").ToArray();

    private static async Task<string[]> TextsAsync(ITenantGrain tenant) =>
        (await tenant.ListExamples(new ExampleQuery(100))).Examples.Select(e => e.Text ?? "(none)").ToArray();

    /// <summary>The tenant's segment base records on disk (the file storage names each after its grain id).</summary>
    private string[] SegmentFiles(string tenant) => Directory.GetDirectories(_cluster!.DataDirectory, "tenant-segment-*")
        .SelectMany(d => Directory.GetFiles(d, "*.state")).Where(f => Path.GetFileName(f).Contains(tenant + "-", StringComparison.Ordinal)).ToArray();

    public async Task InitializeAsync() => _cluster = await OneSiloCluster.StartAsync("archive-grain", new TenantOptions { SegmentCapacity = 4 });

    public async Task DisposeAsync()
    {
        if (_cluster is not null) await _cluster.DisposeAsync();
    }
}
