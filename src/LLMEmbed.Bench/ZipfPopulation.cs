using System.Diagnostics;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using LLMEmbed.Core.Data;
using LLMEmbed.Protos.V1;

namespace LLMEmbed.Bench;

/// <summary>
/// The tenants-zipf population: one seed tenant per label count (3..20 labels, the default recipe, real R8 texts
/// relabelled round-robin, a logistic head trained through the public API), each exported once; then every one of
/// the population is an ImportTenant of a seed's archive under its own name plus a key rotation. Training 10,000
/// tenants one at a time would take the set-up hours on two cores; a restored tenant holds the same trained head,
/// state and examples as the seed it came from, so serving it costs what serving a trained tenant costs.
/// </summary>
internal sealed class ZipfPopulation
{
    public const int MinLabels = 3;
    public const int MaxLabels = 20;
    private const int ExamplesPerLabel = 4;

    private ZipfPopulation(BenchTenant[] tenants, double seedSeconds, double importSeconds, long archiveBytes)
    {
        Tenants = tenants;
        SeedSeconds = seedSeconds;
        ImportSeconds = importSeconds;
        ArchiveBytes = archiveBytes;
    }

    public BenchTenant[] Tenants { get; }
    public double SeedSeconds { get; }
    public double ImportSeconds { get; }
    /// <summary>Mean archive size of the seeds (what one tenant's records weigh).</summary>
    public long ArchiveBytes { get; }

    public static async Task<ZipfPopulation> CreateAsync(BenchHost host, int count, IReadOnlyList<LabeledText> rows, int concurrency, IProgress<string> progress)
    {
        var channel = host.NewChannel();
        var admin = new Admin.AdminClient(channel);
        var clock = Stopwatch.StartNew();
        var archives = new List<byte[]>();
        for (var labels = MinLabels; labels <= MaxLabels; labels++)
        {
            var examples = rows.Take(labels * ExamplesPerLabel).Select((r, i) => new LabeledText(r.Text, $"topic-{i % labels:D2}")).ToArray();
            var seed = await BenchTenant.CreateTrainedAsync(channel, host.Admin, $"zipf-seed-{labels:D2}", "", examples);
            archives.Add(await ExportAsync(admin, host.Admin, seed.Id));
        }
        var seedSeconds = clock.Elapsed.TotalSeconds;
        progress.Report($"tenants-zipf: {archives.Count} seed tenants trained and exported in {seedSeconds:0.0} s (mean archive {archives.Average(a => a.Length) / 1024:0} KB)");

        clock.Restart();
        var tenants = new BenchTenant[count];
        var next = -1;
        var channels = Enumerable.Range(0, concurrency).Select(_ => host.NewChannel()).ToArray();
        await Task.WhenAll(channels.Select(c => Task.Run(async () =>
        {
            var client = new Admin.AdminClient(c);
            int t;
            while ((t = Interlocked.Increment(ref next)) < count)
            {
                var name = $"zipf-{t:D6}";
                await ImportAsync(client, host.Admin, archives[t % archives.Count], name);
                var key = await client.RotateTenantKeyAsync(new RotateTenantKeyRequest { Tenant = name }, host.Admin);
                tenants[t] = new BenchTenant(name, new Metadata { { "authorization", $"Bearer {key.Key}" } });
                if ((t + 1) % 1000 == 0) progress.Report($"tenants-zipf: {t + 1} of {count} tenants restored ({clock.Elapsed.TotalSeconds:0} s)");
            }
        })));
        foreach (var c in channels) c.Dispose();
        channel.Dispose();
        return new ZipfPopulation(tenants, seedSeconds, clock.Elapsed.TotalSeconds, (long)archives.Average(a => a.Length));
    }

    private static async Task<byte[]> ExportAsync(Admin.AdminClient admin, Metadata headers, string tenant)
    {
        using var call = admin.ExportTenant(new ExportTenantRequest { Tenant = tenant }, headers);
        using var bytes = new MemoryStream();
        await foreach (var chunk in call.ResponseStream.ReadAllAsync()) chunk.Data.WriteTo(bytes);
        return bytes.ToArray();
    }

    private static async Task ImportAsync(Admin.AdminClient admin, Metadata headers, byte[] archive, string name)
    {
        using var call = admin.ImportTenant(headers);
        const int piece = 1 << 20;
        for (var offset = 0; offset < archive.Length; offset += piece)
        {
            var chunk = new ImportTenantChunk { Data = ByteString.CopyFrom(archive, offset, Math.Min(piece, archive.Length - offset)) };
            if (offset == 0) chunk.Tenant = name;
            await call.RequestStream.WriteAsync(chunk);
        }
        await call.RequestStream.CompleteAsync();
        await call;
    }
}
