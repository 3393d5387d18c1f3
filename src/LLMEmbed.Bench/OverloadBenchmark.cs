using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;
using Grpc.Net.Client;
using LLMEmbed.Protos.V1;

namespace LLMEmbed.Bench;

/// <summary>
/// Overload on a running host, loopback only and bounded in calls and time: the machine's embedding
/// rate is measured first (4 closed-loop callers), then Embed calls of <see cref="TextsPerCall"/> new
/// texts arrive open-loop at <see cref="Factor"/> times that rate. Reported: accepted/refused/other
/// counts, accepted p50/p99, refusal p99, peak working set of this process, and how long after the
/// load a single call is back to its idle latency. Used by the bench (overload_*) and by the Load test.
/// </summary>
public sealed class OverloadBenchmark(Uri address, string adminKey)
{
    public const int TextsPerCall = 8;
    public int MaxCalls { get; init; } = 600;
    public TimeSpan LoadFor { get; init; } = TimeSpan.FromSeconds(12);
    public double Factor { get; init; } = 4;

    private static readonly string Body = string.Join(' ', Enumerable.Repeat("the quarterly report said revenue and costs both rose", 6));

    public sealed record Result(double MachineTextsPerSecond, double OfferedTextsPerSecond, int Calls, int Accepted, int Refused, int Other,
        double AcceptedP50Seconds, double AcceptedP99Seconds, double RefusedP99Seconds, long PeakWorkingSetBytes, TimeSpan Recovery, TimeSpan IdleCall,
        IReadOnlyList<StatusCode> OtherStatuses);

    public async Task<Result> RunAsync(string tenant, IProgress<string>? progress = null)
    {
        var admin = new Metadata { { "authorization", $"Bearer {adminKey}" } };
        using var setup = GrpcChannel.ForAddress(address);
        var created = await new Admin.AdminClient(setup).CreateTenantAsync(new CreateTenantRequest { Tenant = tenant, Recipe = "last" }, admin);
        var auth = new Metadata { { "authorization", $"Bearer {created.Key}" } };
        var channels = Enumerable.Range(0, 4).Select(_ => GrpcChannel.ForAddress(address)).ToArray();
        var unique = 0;
        Task Call(int channel, int texts, DateTime deadline) => new Inference.InferenceClient(channels[channel % channels.Length]).EmbedAsync(
            new EmbedRequest { Tenant = tenant, Texts = { Enumerable.Range(0, texts).Select(_ => $"{Interlocked.Increment(ref unique)}: {Body}") } },
            auth, deadline).ResponseAsync;
        try
        {
            await Call(0, TextsPerCall, DateTime.UtcNow.AddSeconds(60)); // loads the backbone
            var idle = await Time(() => Call(0, 1, DateTime.UtcNow.AddSeconds(30)));
            var measured = Stopwatch.StartNew();
            var done = 0;
            await Task.WhenAll(Enumerable.Range(0, 4).Select(async c =>
            {
                while (measured.Elapsed < TimeSpan.FromSeconds(4)) { await Call(c, TextsPerCall, DateTime.UtcNow.AddSeconds(30)); Interlocked.Add(ref done, TextsPerCall); }
            }));
            var rate = done / measured.Elapsed.TotalSeconds;
            progress?.Report($"overload: machine rate {rate:0.0} texts/s; offering {Factor * rate:0.0} texts/s for {LoadFor.TotalSeconds:0} s");

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
            var interval = TimeSpan.FromSeconds(TextsPerCall / (Factor * rate));
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
                // A refused probe means the queue is still full: not yet recovered, keep polling.
                var probe = await TryTime(() => Call(0, 1, DateTime.UtcNow.AddSeconds(60)));
                if (probe <= idle * 2 + TimeSpan.FromMilliseconds(100)) { recovery = loadEnded.Elapsed; break; }
                if (loadEnded.Elapsed > TimeSpan.FromSeconds(60)) { recovery = TimeSpan.MaxValue; break; }
                await Task.Delay(250);
            }
            await Task.WhenAll(calls);
            await sampling.CancelAsync();
            await sampler;

            var accepted = outcomes.Where(o => o.Code == StatusCode.OK).Select(o => o.Seconds).Order().ToArray();
            var refused = outcomes.Where(o => o.Code == StatusCode.ResourceExhausted).Select(o => o.Seconds).Order().ToArray();
            var other = outcomes.Where(o => o.Code is not (StatusCode.OK or StatusCode.ResourceExhausted)).Select(o => o.Code).ToArray();
            return new Result(rate, Factor * rate, outcomes.Count, accepted.Length, refused.Length, other.Length,
                Percentile(accepted, 0.5), Percentile(accepted, 0.99), Percentile(refused, 0.99), peak, recovery, idle, other);
        }
        finally
        {
            foreach (var c in channels) c.Dispose();
        }
    }

    private static double Percentile(double[] sorted, double q) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];

    private static async Task<TimeSpan> TryTime(Func<Task> call)
    {
        try { return await Time(call); }
        catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted) { return TimeSpan.MaxValue; }
    }

    private static async Task<TimeSpan> Time(Func<Task> call)
    {
        var clock = Stopwatch.StartNew();
        await call();
        return clock.Elapsed;
    }
}
