using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Net.Client;
using LLMEmbed.Core.Sampling;
using LLMEmbed.Protos.V1;

namespace LLMEmbed.Bench;

/// <summary>
/// Closed-loop single-text Classify calls for a bounded time, each to a tenant drawn by Zipf rank, over texts the
/// fusion cache already holds. A call is cold when its tenant cannot be in memory: its first call of the run (the run
/// starts with every tenant collected) or one after a gap past the idle collection age plus a scan period; warm when
/// the gap is under the age; a gap between the two is counted as neither.
/// </summary>
internal static class ZipfTraffic
{
    public sealed record Result(double[] WarmMs, double[] ColdMs, int Uncertain, int Calls, int TenantsCalled, double Seconds);

    public static async Task<Result> RunAsync(IReadOnlyList<GrpcChannel> clients, BenchTenant[] tenants, IReadOnlyList<string> texts, ZipfSampler zipf,
        TimeSpan duration, TimeSpan idleAge, TimeSpan scan, ulong seed)
    {
        var last = new long[tenants.Length]; // Stopwatch ticks of each tenant's previous call; 0 = none yet
        var warm = new ConcurrentBag<double>();
        var cold = new ConcurrentBag<double>();
        var uncertain = 0;
        var calls = 0;
        var clock = Stopwatch.StartNew();
        var warmBelow = (idleAge - TimeSpan.FromSeconds(1)).Ticks * Stopwatch.Frequency / TimeSpan.TicksPerSecond;
        var coldAbove = (idleAge + scan + TimeSpan.FromSeconds(2)).Ticks * Stopwatch.Frequency / TimeSpan.TicksPerSecond;
        await Task.WhenAll(clients.Select((channel, c) => Task.Run(async () =>
        {
            var client = new Inference.InferenceClient(channel);
            var random = new SeededRandom(SeededRandom.Mix(seed, (ulong)c));
            while (clock.Elapsed < duration)
            {
                var rank = zipf.Next(random);
                var tenant = tenants[rank];
                var text = texts[(int)(random.NextUInt64() % (ulong)texts.Count)];
                var start = Stopwatch.GetTimestamp();
                var previous = Interlocked.Exchange(ref last[rank], start);
                var reply = await client.ClassifyAsync(new ClassifyRequest { Tenant = tenant.Id, Texts = { text }, TopK = 1, Truncate = true }, tenant.Headers);
                var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                if (reply.Results.Count != 1) throw new InvalidOperationException($"Classify for '{tenant.Id}' returned {reply.Results.Count} results for 1 text.");
                Interlocked.Increment(ref calls);
                var gap = start - previous;
                if (previous == 0 || gap > coldAbove) cold.Add(ms);
                else if (gap < warmBelow) warm.Add(ms);
                else Interlocked.Increment(ref uncertain);
            }
        })));
        return new Result([.. warm], [.. cold], uncertain, calls, last.Count(t => t != 0), clock.Elapsed.TotalSeconds);
    }
}
