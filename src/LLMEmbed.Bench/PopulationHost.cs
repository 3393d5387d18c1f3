using Grpc.Net.Client;
using LLMEmbed.Core.Backbones;
using LLMEmbed.Core.Data;
using LLMEmbed.Core.Features;
using LLMEmbed.Protos.V1;

namespace LLMEmbed.Bench;

/// <summary>
/// The set-up the population scenarios share: an in-process host serving the default recipe `llmembed` (both its
/// backbones preloaded, the scenario's settings on top), a <see cref="ZipfPopulation"/> of trained tenants, and the
/// traffic texts (the first <see cref="TrafficTexts"/> distinct R8 texts; the seeds train on the rest).
/// </summary>
internal sealed class PopulationHost : IAsyncDisposable
{
    public const int TrafficTexts = 64;

    private PopulationHost(BenchHost host, ZipfPopulation population, string[] texts)
    {
        Host = host;
        Population = population;
        Texts = texts;
    }

    public BenchHost Host { get; }
    public ZipfPopulation Population { get; }
    public string[] Texts { get; }

    public static async Task<PopulationHost> StartAsync(int threads, IReadOnlyDictionary<string, string?> settings, int tenants, IProgress<string> progress)
    {
        var backbones = RecipeCatalog.Create(RecipeCatalog.LLMEmbed).Components.Select(c => c.Backbone).Distinct().ToArray();
        var dataset = DatasetCatalog.Load("r8", new DatasetLoadOptions { Seed = 7 });
        var distinct = dataset.Train.Concat(dataset.Test).DistinctBy(r => r.Text).ToArray();
        var host = await BenchHost.StartAsync(BackboneOptions.Cpu, threads, 256, backbones[0], backbones.Skip(1).ToArray(), admitAll: true, settings);
        try
        {
            var population = await ZipfPopulation.CreateAsync(host, tenants, distinct.Skip(TrafficTexts).ToArray(), concurrency: 8, progress);
            return new PopulationHost(host, population, distinct.Take(TrafficTexts).Select(r => r.Text).ToArray());
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>Every traffic text in the fusion cache first (shared across tenants, BenchHost): the runs measure tenants, not backbones.</summary>
    public async Task WarmCacheAsync(GrpcChannel channel)
    {
        var client = new Inference.InferenceClient(channel);
        var tenant = Population.Tenants[0];
        foreach (var text in Texts)
            await client.ClassifyAsync(new ClassifyRequest { Tenant = tenant.Id, Texts = { text }, Truncate = true }, tenant.Headers);
    }

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}
