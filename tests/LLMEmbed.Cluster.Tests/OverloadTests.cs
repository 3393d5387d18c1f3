using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;
using LLMEmbed.Protos.V1;
using Xunit.Abstractions;

namespace LLMEmbed.Cluster.Tests;

/// <summary>
/// Overload held on the embedded default (loopback only, bounded in calls and time): first the
/// machine's embedding rate is measured, then Embed calls arrive open-loop at about 4x that rate.
/// Accepted calls keep a bounded latency, the excess is refused at once with ResourceExhausted
/// (never a timeout), and once the load stops a single call is back to its idle latency within seconds.
/// </summary>
[Trait("Category", "Load")]
public sealed class OverloadTests(ITestOutputHelper output)
{
    private const int TextsPerCall = 8;
    private const int MaxCalls = 600;
    private static readonly TimeSpan LoadFor = TimeSpan.FromSeconds(12);
    private static readonly string Body = string.Join(' ', Enumerable.Repeat("the quarterly report said revenue and costs both rose", 6));

    [Fact]
    public async Task Four_times_the_machine_is_refused_at_once_and_recovers_within_seconds()
    {
        await using var host = await EmbeddedHost.StartAsync(new Dictionary<string, string?> { ["Gateway:DefaultLimits:RequestsPerSecond"] = "100000" });
        var created = await new Admin.AdminClient(host.Channel).CreateTenantAsync(new CreateTenantRequest { Tenant = "load", Recipe = "last" }, host.Admin);
        var auth = EmbeddedHost.Bearer(created.Key);
        var channels = Enumerable.Range(0, 4).Select(_ => Grpc.Net.Client.GrpcChannel.ForAddress(host.Address)).ToArray();
        var unique = 0;
        Task Call(int channel, int texts, DateTime deadline) => new Inference.InferenceClient(channels[channel % channels.Length]).EmbedAsync(
            new EmbedRequest { Tenant = "load", Texts = { Enumerable.Range(0, texts).Select(_ => $"{Interlocked.Increment(ref unique)}: {Body}") } },
            auth, deadline).ResponseAsync;

        // Idle latency of one call and the machine's rate (4 closed-loop callers).
        await Call(0, TextsPerCall, DateTime.UtcNow.AddSeconds(60)); // loads the backbone
        var idle = await Time(() => Call(0, 1, DateTime.UtcNow.AddSeconds(30)));
        var measured = Stopwatch.StartNew();
        var done = 0;
        await Task.WhenAll(Enumerable.Range(0, 4).Select(async c =>
        {
            while (measured.Elapsed < TimeSpan.FromSeconds(4)) { await Call(c, TextsPerCall, DateTime.UtcNow.AddSeconds(30)); Interlocked.Add(ref done, TextsPerCall); }
        }));
        var rate = done / measured.Elapsed.TotalSeconds;

        // Open loop at 4x that rate, bounded in calls and time.
        var peak = Process.GetCurrentProcess().WorkingSet64;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, Process.GetCurrentProcess().WorkingSet64);
                try { await Task.Delay(100, sampling.Token); } catch (OperationCanceledException) { }
            }
        });
        var interval = TimeSpan.FromSeconds(TextsPerCall / (4 * rate));
        var outcomes = new ConcurrentBag<(StatusCode Code, double Seconds)>();
        var calls = new List<Task>();
        var load = Stopwatch.StartNew();
        for (var i = 0; i < MaxCalls && load.Elapsed < LoadFor; i++)
        {
            var index = i;
            calls.Add(Task.Run(async () =>
            {
                var started = Stopwatch.StartNew();
                try
                {
                    await Call(index, TextsPerCall, DateTime.UtcNow.AddSeconds(60));
                    outcomes.Add((StatusCode.OK, started.Elapsed.TotalSeconds));
                }
                catch (RpcException e)
                {
                    outcomes.Add((e.StatusCode, started.Elapsed.TotalSeconds));
                }
            }));
            var next = interval * (i + 1) - load.Elapsed;
            if (next > TimeSpan.Zero) await Task.Delay(next);
        }
        var loadEnded = Stopwatch.StartNew();
        // Recovery: a single call is back within twice its idle latency (plus 100 ms of scheduling slack).
        TimeSpan recovery;
        while (true)
        {
            var probe = await Time(() => Call(0, 1, DateTime.UtcNow.AddSeconds(60)));
            if (probe <= idle * 2 + TimeSpan.FromMilliseconds(100)) { recovery = loadEnded.Elapsed; break; }
            if (loadEnded.Elapsed > TimeSpan.FromSeconds(60)) { recovery = TimeSpan.MaxValue; break; }
            await Task.Delay(250);
        }
        await Task.WhenAll(calls);
        await sampling.CancelAsync();
        await sampler;
        foreach (var c in channels) c.Dispose();

        var accepted = outcomes.Where(o => o.Code == StatusCode.OK).Select(o => o.Seconds).Order().ToArray();
        var rejected = outcomes.Where(o => o.Code == StatusCode.ResourceExhausted).Select(o => o.Seconds).Order().ToArray();
        var other = outcomes.Where(o => o.Code is not (StatusCode.OK or StatusCode.ResourceExhausted)).ToArray();
        double P(double[] sorted, double q) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        output.WriteLine($"overload: recipe last, machine rate {rate:0.0} texts/s, offered {4 * rate:0.0} texts/s for {LoadFor.TotalSeconds:0} s ({outcomes.Count} calls of {TextsPerCall})");
        output.WriteLine($"overload_accepted={accepted.Length} overload_rejected={rejected.Length} overload_other={other.Length}");
        output.WriteLine($"overload_p50_s={P(accepted, 0.5):0.00} overload_p99_s={P(accepted, 0.99):0.00} rejected_p99_s={P(rejected, 0.99):0.000}");
        output.WriteLine($"overload_peak_working_set_mib={peak / (1024 * 1024)} overload_recovery_s={recovery.TotalSeconds:0.0} idle_call_s={idle.TotalSeconds:0.000}");

        Assert.Empty(other); // never DeadlineExceeded, Unknown or Internal
        Assert.NotEmpty(accepted);
        Assert.NotEmpty(rejected);
        Assert.True(P(accepted, 0.99) < 25, $"accepted p99 {P(accepted, 0.99):0.0} s is not bounded below the 30 s call timeout");
        Assert.True(P(rejected, 0.99) < 1, $"refusals took {P(rejected, 0.99):0.00} s at p99: not at once");
        Assert.True(recovery < TimeSpan.FromSeconds(20), $"no return to idle latency within 20 s of the load's end ({recovery})");
    }

    private static async Task<TimeSpan> Time(Func<Task> call)
    {
        var clock = Stopwatch.StartNew();
        await call();
        return clock.Elapsed;
    }
}
