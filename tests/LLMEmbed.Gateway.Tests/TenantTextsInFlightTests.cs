using LLMEmbed.Gateway.Limits;
using LimitExceededException = LLMEmbed.Grains.Abstractions.Errors.LimitExceededException;
using Microsoft.Extensions.Options;

namespace LLMEmbed.Gateway.Tests;

/// <summary>The per-tenant bound on texts in flight through one gateway (Gateway:MaxTextsInFlightPerTenant).</summary>
public sealed class TenantTextsInFlightTests
{
    private static TenantTextsInFlight Bound(int limit) => new(Options.Create(new GatewayOptions { MaxTextsInFlightPerTenant = limit }));

    [Fact]
    public void A_tenant_past_its_bound_is_refused_while_others_and_later_calls_pass()
    {
        var bound = Bound(100);
        var first = bound.Enter("a", 60);
        var second = bound.Enter("a", 40);
        Assert.Equal(100, bound.InFlight("a"));
        var refused = Assert.Throws<LimitExceededException>(() => bound.Enter("a", 1));
        Assert.Equal(TenantTextsInFlight.LimitName, refused.Limit);
        Assert.Equal(TimeSpan.FromSeconds(1), refused.RetryAfter);
        using (bound.Enter("b", 100)) Assert.Equal(100, bound.InFlight("b")); // another tenant has its own bound

        first.Dispose();
        using (bound.Enter("a", 60)) Assert.Equal(100, bound.InFlight("a"));
        second.Dispose();
        Assert.Equal(0, bound.InFlight("a"));
        // With nothing in flight, one call larger than the bound still goes (the per-call limit bounds it).
        using (bound.Enter("a", 500)) Assert.Throws<LimitExceededException>(() => bound.Enter("a", 1));
        Assert.Equal(0, bound.InFlight("a"));
    }

    [Fact]
    public async Task Concurrent_calls_never_hold_more_than_the_bound_and_all_leave()
    {
        var bound = Bound(64);
        var peak = 0;
        var admitted = 0;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 2_000; i++)
            {
                try
                {
                    using var lease = bound.Enter("t", 16);
                    Interlocked.Increment(ref admitted);
                    var now = bound.InFlight("t");
                    int seen;
                    while (now > (seen = Volatile.Read(ref peak)) && Interlocked.CompareExchange(ref peak, now, seen) != seen) { }
                }
                catch (LimitExceededException) { }
            }
        })));
        Assert.InRange(peak, 16, 64);
        Assert.True(admitted > 0);
        Assert.Equal(0, bound.InFlight("t"));
    }
}
