using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;
using Grpc.Net.Client;
using LLMEmbed.Protos.V1;

namespace LLMEmbed.Bench;

/// <summary>
/// Open-loop load: each tenant sends single-text Classify calls at a fixed rate, whatever the answers take (a call
/// late to answer does not delay the next, as independent clients would behave). Latencies of answered calls, and
/// the calls refused with ResourceExhausted (admission), per group.
/// </summary>
internal static class OpenLoad
{
    public sealed record Group(string Name, IReadOnlyList<BenchTenant> Tenants, double RatePerTenant);

    public sealed class Outcome
    {
        public ConcurrentBag<double> LatenciesMs { get; } = new();
        public int Refused;
        public int Sent;
    }

    public static async Task<IReadOnlyDictionary<string, Outcome>> RunAsync(IReadOnlyList<GrpcChannel> clients, IReadOnlyList<Group> groups,
        IReadOnlyList<string> texts, TimeSpan duration, CancellationToken stop = default)
    {
        var outcomes = groups.ToDictionary(g => g.Name, _ => new Outcome());
        var calls = new ConcurrentBag<Task>();
        var clock = Stopwatch.StartNew();
        var drivers = groups.SelectMany(g => g.Tenants.Select((tenant, i) => (Group: g, Tenant: tenant, Index: i))).Select((d, n) => Task.Run(async () =>
        {
            var client = new Inference.InferenceClient(clients[n % clients.Count]);
            var interval = TimeSpan.FromSeconds(1 / d.Group.RatePerTenant);
            // Tenants start spread over one interval, so the load is smooth rather than in steps.
            var due = interval * ((double)d.Index / d.Group.Tenants.Count);
            var outcome = outcomes[d.Group.Name];
            for (var k = 0; clock.Elapsed + TimeSpan.FromMilliseconds(1) < duration && !stop.IsCancellationRequested; k++, due += interval)
            {
                var wait = due - clock.Elapsed;
                if (wait > TimeSpan.Zero) await Task.Delay(wait);
                Interlocked.Increment(ref outcome.Sent);
                calls.Add(CallAsync(client, d.Tenant, texts[(n + k) % texts.Count], outcome));
            }
        })).ToArray();
        await Task.WhenAll(drivers);
        await Task.WhenAll(calls);
        return outcomes;
    }

    private static async Task CallAsync(Inference.InferenceClient client, BenchTenant tenant, string text, Outcome outcome)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            await client.ClassifyAsync(new ClassifyRequest { Tenant = tenant.Id, Texts = { text }, TopK = 1, Truncate = true }, tenant.Headers);
            outcome.LatenciesMs.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted)
        {
            Interlocked.Increment(ref outcome.Refused);
        }
    }
}
