using System.Diagnostics;
using System.Formats.Tar;
using System.Text.Json;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using LLMEmbed.Gateway.Archive;
using LLMEmbed.Protos.V1;
using LLMEmbed.Tests;
using Xunit.Abstractions;

namespace LLMEmbed.Gateway.Tests.HostProcess.TenantArchive;

/// <summary>
/// `llmembed tenant export` then `llmembed tenant import --name` on the same host (file storage): the copy answers the
/// README's texts with bitwise-identical probabilities on every task, and has the same heads, tasks, labels and rows.
/// </summary>
[Collection(TrainedTenantCollection.Name)]
public sealed class TenantArchiveRoundTripTests(TrainedTenantHost trained, ITestOutputHelper output)
{
    [Fact]
    public async Task An_imported_copy_answers_bitwise_identically_with_the_same_heads_tasks_labels_and_rows()
    {
        var host = trained.Host;
        var watch = Stopwatch.StartNew();
        var imported = await TrainedTenantHost.Cli(host.CliEnvironment(), "tenant", "import", trained.Archive, "--name", "news-copy");
        var importTook = watch.Elapsed;
        Assert.Contains("restored tenant news-copy", imported.Out);
        output.WriteLine($"archive {new FileInfo(trained.Archive).Length} bytes; export {trained.ExportTook.TotalSeconds:0.00} s, import {importTook.TotalSeconds:0.00} s");

        // The key names its tenant, so a tenant restored under another name gets a key of its own.
        var rotated = await TrainedTenantHost.Cli(host.CliEnvironment(), "tenant", "rotate-key", "news-copy", "--json");
        var copyKey = JsonDocument.Parse(rotated.Out).RootElement.GetProperty("key").GetString()!;
        using var source = new TenantProbe(host.Endpoint, TrainedTenantHost.Tenant, trained.Key);
        using var copy = new TenantProbe(host.Endpoint, "news-copy", copyKey);

        var answers = await copy.ClassifyAsync();
        Assert.True(trained.Answers.ToByteString() == answers.ToByteString(), $"source: {TenantProbe.Bits(trained.Answers)}\ncopy:   {TenantProbe.Bits(answers)}");
        Assert.Equal(3, answers.Results.Count);
        Assert.All(answers.Results, r => Assert.Equal(2, r.Tasks.Count)); // the default task and desk, each with a trained head

        var heads = await copy.HeadsAsync();
        Assert.Equal(await source.HeadsAsync(), heads);
        Assert.Equal(2, heads.Heads.Count);
        Assert.Equal(await source.HeadsAsync("desk"), await copy.HeadsAsync("desk"));
        Assert.Equal(await source.TasksAsync(), await copy.TasksAsync());
        var labels = await copy.LabelsAsync();
        Assert.Equal(await source.LabelsAsync(), labels);
        Assert.Contains(labels.Labels, l => l.Name == "crude" && l.Description.Length > 0);

        var rows = await copy.ExamplesAsync();
        Assert.Equal(await source.ExamplesAsync(), rows);
        Assert.Equal(120, rows.Count);
        Assert.All(rows, r => Assert.False(string.IsNullOrEmpty(r.Text)));
    }

    [Fact]
    public async Task Over_grpc_the_archive_arrives_in_chunks_of_at_most_one_mebibyte_and_reads_whole()
    {
        using var channel = GrpcChannel.ForAddress(trained.Host.Endpoint, new GrpcChannelOptions { MaxReceiveMessageSize = 8 * 1024 * 1024 });
        using var call = new Admin.AdminClient(channel).ExportTenant(new ExportTenantRequest { Tenant = TrainedTenantHost.Tenant },
            new Metadata { { "authorization", $"Bearer {HostProcessFixture.AdminKey}" } });
        var chunks = new List<int>();
        using var archive = new MemoryStream();
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            chunks.Add(call.ResponseStream.Current.Data.Length);
            call.ResponseStream.Current.Data.WriteTo(archive);
        }
        Assert.True(chunks.Count >= 3, $"{chunks.Count} chunks");
        Assert.All(chunks, c => Assert.InRange(c, 1, 1024 * 1024));
        archive.Position = 0;
        var names = new List<string>();
        await foreach (var entry in TenantArchiveReader.ReadAsync(archive, CancellationToken.None)) names.Add(entry.Name);
        Assert.Equal(6, names.Count); // every entry before the manifest, which checked out

        // The stream is counted like every other call.
        using var http = new HttpClient();
        var metrics = await Eventually.UntilAsync(() => http.GetStringAsync($"{trained.Host.OperatorBase}/metrics"),
            m => m.Contains("method=\"llmembed.v1.Admin/ExportTenant\"", StringComparison.Ordinal), TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(200));
        Assert.Matches(@"llmembed_gateway_requests_total\{[^}]*method=""llmembed.v1.Admin/ExportTenant""[^}]*\} [1-9]", metrics);
    }

    [Fact]
    public async Task The_archive_is_a_tar_of_the_documented_layout()
    {
        await using var tar = new TarReader(File.OpenRead(trained.Archive));
        var names = new List<string>();
        ArchiveHeader? header = null;
        while (await tar.GetNextEntryAsync() is { } entry)
        {
            names.Add(entry.Name);
            output.WriteLine($"{entry.Length,10} {entry.Name}");
            if (entry.Name == ArchiveLayout.HeaderEntry) header = JsonSerializer.Deserialize<ArchiveHeader>(entry.DataStream!, ArchiveLayout.Json);
        }
        // archive.json names the tenant and the model file that made its vectors (MiniLM's, for recipe "last").
        Assert.Equal((TrainedTenantHost.Tenant, "last", 120L), (header!.Tenant, header.Recipe, header.Examples));
        var backbone = Assert.Single(header.Backbones);
        Assert.Equal("minilm-l6", backbone.Backbone);
        Assert.Matches("^[0-9a-f]{64}$", backbone.ModelSha256);
        Assert.Equal("archive.json", names[0]);
        Assert.Equal("state.bin", names[1]);
        Assert.Equal("manifest.json", names[^1]);
        Assert.Contains("segments/000000.bin", names);
        Assert.Equal(["heads/task0/v000001.bin", "heads/task0/v000002.bin", "heads/task1/v000001.bin"], names.Where(n => n.StartsWith("heads/", StringComparison.Ordinal)));
        Assert.False(File.Exists(trained.Archive + ".partial"), "the CLI left its partial file");
    }
}
