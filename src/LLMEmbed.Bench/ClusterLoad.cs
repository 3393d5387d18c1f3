using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Net.Client;
using LLMEmbed.Core.Benchmarks;
using LLMEmbed.Protos.V1;

namespace LLMEmbed.Bench;

/// <summary>
/// Concurrent clients, each on its own gRPC connection, sending single-text Classify calls: text i
/// goes to tenant i mod N, each text exactly once. Latency is per call as the client sees it.
/// </summary>
internal static class ClusterLoad
{
    public static async Task<LatencyStats> RunAsync(string name, IReadOnlyList<GrpcChannel> clients,
        IReadOnlyList<BenchTenant> tenants, IReadOnlyList<string> texts) =>
        (await MeasureAsync(name, clients, tenants, texts)).Stats;

    /// <summary>
    /// As <see cref="RunAsync"/>, with every call's latency (for pooling several runs into one set of percentiles).
    /// With <paramref name="tasks"/>, each call asks for those tasks and must get <paramref name="expectedTasks"/> answers per text.
    /// </summary>
    public static async Task<(LatencyStats Stats, double[] LatenciesMs)> MeasureAsync(string name, IReadOnlyList<GrpcChannel> clients,
        IReadOnlyList<BenchTenant> tenants, IReadOnlyList<string> texts, IReadOnlyList<string>? tasks = null, int expectedTasks = 0)
    {
        ArgumentOutOfRangeException.ThrowIfZero(clients.Count);
        ArgumentOutOfRangeException.ThrowIfZero(tenants.Count);
        var latencies = new ConcurrentBag<double>();
        var next = -1;
        // In-process host: this counts the clients' CPU too — they share the same cores in any set-up on one machine.
        var cpu = LatencyStats.ProcessCpuSeconds();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(clients.Select(channel => Task.Run(async () =>
        {
            var client = new Inference.InferenceClient(channel);
            int i;
            while ((i = Interlocked.Increment(ref next)) < texts.Count)
            {
                var tenant = tenants[i % tenants.Count];
                var start = clock.Elapsed.TotalMilliseconds;
                var reply = await client.ClassifyAsync(new ClassifyRequest { Tenant = tenant.Id, Texts = { texts[i] }, TopK = 1, Truncate = true, Tasks = { tasks ?? [] } }, tenant.Headers);
                if (reply.Results.Count != 1) throw new InvalidOperationException($"Classify for tenant '{tenant.Id}' returned {reply.Results.Count} results for 1 text.");
                if (tasks is not null && reply.Results[0].Tasks.Count != expectedTasks)
                    throw new InvalidOperationException($"Classify for tenant '{tenant.Id}' answered {reply.Results[0].Tasks.Count} tasks, expected {expectedTasks}.");
                latencies.Add(clock.Elapsed.TotalMilliseconds - start);
            }
        })));
        var all = latencies.ToArray();
        return (LatencyStats.From(name, texts.Count, clock.Elapsed.TotalSeconds, all) with { CpuSeconds = LatencyStats.ProcessCpuSeconds() - cpu }, all);
    }
}
