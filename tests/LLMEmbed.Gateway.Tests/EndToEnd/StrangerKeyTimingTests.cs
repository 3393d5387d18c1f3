using System.Diagnostics;
using System.Security.Cryptography;
using Grpc.Core;
using LLMEmbed.Protos.V1;
using Xunit.Abstractions;

namespace LLMEmbed.Gateway.Tests.EndToEnd;

/// <summary>
/// Strangers' answers do not time apart: a malformed key, a key of a tenant that does not exist and a wrong
/// secret for a real tenant get the same status and message in similar time, so timing calls does not tell which
/// tenant names exist. Interleaved in a shuffled order per round, so load on the machine falls on all three alike;
/// every key is fresh, so none is an auth-cache hit.
/// </summary>
[Collection(GatewayHostCollection.Name)]
public sealed class StrangerKeyTimingTests(GatewayHostFixture host, ITestOutputHelper output)
{
    private const int WarmUpRounds = 50;
    private const int Rounds = 300;
    // Looser of the two: within 2x, or within 1 ms. A loaded 2-core machine stretches every path alike (the ratio
    // holds) or adds noise of a fraction of a millisecond to fast ones (the absolute bound holds); a tenant grain
    // activation or a storage read on one path only costs milliseconds on a fast median and breaks both.
    private const double Ratio = 2.0;
    private static readonly TimeSpan Absolute = TimeSpan.FromMilliseconds(1);

    private enum Kind { Malformed, UnknownTenant, WrongSecret }

    [Fact]
    public async Task Malformed_unknown_tenant_and_wrong_secret_keys_answer_alike_in_similar_time()
    {
        var alpha = await host.AlphaAsync();
        var labels = new Labels.LabelsClient(host.Channel);
        var random = new Random(23);
        var kinds = Enum.GetValues<Kind>();
        var times = kinds.ToDictionary(k => k, _ => new List<double>());
        var answers = new HashSet<(StatusCode, string)>();

        for (var round = 0; round < WarmUpRounds + Rounds; round++)
        {
            var order = kinds.ToArray();
            random.Shuffle(order);
            foreach (var kind in order)
            {
                var (tenant, key) = Stranger(kind, alpha.Tenant);
                var started = Stopwatch.GetTimestamp();
                var error = await Assert.ThrowsAsync<RpcException>(async () =>
                    await labels.ListLabelsAsync(new ListLabelsRequest { Tenant = tenant }, GatewayHostFixture.Bearer(key)));
                var took = Stopwatch.GetElapsedTime(started);
                answers.Add((error.StatusCode, error.Status.Detail));
                if (round >= WarmUpRounds) times[kind].Add(took.TotalMilliseconds);
            }
        }

        Assert.Equal([(StatusCode.Unauthenticated, "unknown tenant key.")], answers);
        var medians = times.ToDictionary(t => t.Key, t => Median(t.Value));
        var report = string.Join(", ", medians.Select(m => $"{m.Key} {m.Value:F3} ms"));
        output.WriteLine($"medians over {Rounds} calls each: {report}");
        foreach (var a in kinds)
            foreach (var b in kinds.Where(b => b > a))
            {
                var (fast, slow) = (Math.Min(medians[a], medians[b]), Math.Max(medians[a], medians[b]));
                Assert.True(slow <= fast * Ratio || slow - fast <= Absolute.TotalMilliseconds,
                    $"{a} and {b} time apart: {report}");
            }
    }

    /// <summary>A fresh key of the kind and the tenant the call names.</summary>
    private static (string Tenant, string Key) Stranger(Kind kind, string realTenant)
    {
        var secret = RandomNumberGenerator.GetHexString(43);
        return kind switch
        {
            Kind.Malformed => (realTenant, RandomNumberGenerator.GetHexString(40)),
            Kind.UnknownTenant => UnknownTenant(secret),
            _ => (realTenant, $"lle_{realTenant}.{secret}"),
        };
    }

    private static (string Tenant, string Key) UnknownTenant(string secret)
    {
        var name = $"nobody-{RandomNumberGenerator.GetHexString(8, lowercase: true)}";
        return (name, $"lle_{name}.{secret}");
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
