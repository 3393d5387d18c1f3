using LLMEmbed.Bench;
using Xunit.Abstractions;

namespace LLMEmbed.Cluster.Tests;

/// <summary>
/// Overload held on the embedded default (the bench's <see cref="OverloadBenchmark"/>: loopback only,
/// bounded in calls and time, 4x what the machine can embed). Accepted calls keep a bounded latency,
/// the excess is refused at once with ResourceExhausted (never a timeout), and once the load stops a
/// single call is back to its idle latency within seconds.
/// </summary>
[Trait("Category", "Load")]
public sealed class OverloadTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Four_times_the_machine_is_refused_at_once_and_recovers_within_seconds()
    {
        await using var host = await EmbeddedHost.StartAsync(new Dictionary<string, string?> { ["Gateway:DefaultLimits:RequestsPerSecond"] = "100000" });
        var r = await new OverloadBenchmark(host.Address, host.AdminKey).RunAsync("load");
        output.WriteLine($"overload: recipe last, machine rate {r.MachineTextsPerSecond:0.0} texts/s, offered {r.OfferedTextsPerSecond:0.0} texts/s ({r.Calls} calls of {OverloadBenchmark.TextsPerCall})");
        output.WriteLine($"overload_accepted={r.Accepted} overload_rejected={r.Refused} overload_other={r.Other}");
        output.WriteLine($"overload_p50_s={r.AcceptedP50Seconds:0.00} overload_p99_s={r.AcceptedP99Seconds:0.00} rejected_p99_s={r.RefusedP99Seconds:0.000}");
        output.WriteLine($"overload_peak_working_set_mib={r.PeakWorkingSetBytes / (1024 * 1024)} overload_recovery_s={r.Recovery.TotalSeconds:0.0} idle_call_s={r.IdleCall.TotalSeconds:0.000}");

        Assert.Empty(r.OtherStatuses); // never DeadlineExceeded, Unknown or Internal
        Assert.True(r.Accepted > 0, "no call was accepted");
        Assert.True(r.Refused > 0, "no call was refused at 4x the machine's rate");
        Assert.True(r.AcceptedP99Seconds < 25, $"accepted p99 {r.AcceptedP99Seconds:0.0} s is not bounded below the 30 s call timeout");
        Assert.True(r.RefusedP99Seconds < 1, $"refusals took {r.RefusedP99Seconds:0.00} s at p99: not at once");
        Assert.True(r.Recovery < TimeSpan.FromSeconds(20), $"no return to idle latency within 20 s of the load's end ({r.Recovery})");
    }
}
