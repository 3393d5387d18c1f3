using LLMEmbed.Tests;
using System.Diagnostics;
using LLMEmbed.Gateway.Limits;
using LimitExceededException = LLMEmbed.Grains.Abstractions.Errors.LimitExceededException;

namespace LLMEmbed.Gateway.Tests;

public sealed class TenantRateLimiterTests
{
    [Fact]
    public void Admits_one_seconds_worth_then_refuses_naming_the_limit()
    {
        using var limiter = new TenantRateLimiter();
        for (var i = 0; i < 3; i++) limiter.Acquire("a", 3);
        var error = Assert.Throws<LimitExceededException>(() => limiter.Acquire("a", 3));
        Assert.Equal("requests_per_second", error.Limit);
        Assert.Contains("requests_per_second limit (3/s) exceeded", error.Message);
    }

    [Fact]
    public async Task Refills_with_time()
    {
        using var limiter = new TenantRateLimiter();
        for (var i = 0; i < 2; i++) limiter.Acquire("a", 2);
        Assert.Throws<LimitExceededException>(() => limiter.Acquire("a", 2));
        // The bucket refills one request each half second; wait for that, with a deadline rather than a fixed sleep.
        var waited = Stopwatch.StartNew();
        Assert.True(await Eventually.UntilAsync(() => Task.FromResult(TryAcquire(limiter, "a", 2)), ok => ok, TimeSpan.FromSeconds(10)),
            "no request was admitted again within 10 s");
        Assert.True(waited.Elapsed >= TimeSpan.FromMilliseconds(300), $"refilled after {waited.Elapsed.TotalMilliseconds} ms, before the rate allows");
        // However late this ran, the bucket never holds more than one second's worth: two more cannot both pass.
        Assert.False(TryAcquire(limiter, "a", 2) && TryAcquire(limiter, "a", 2));
    }

    [Fact]
    public void Tenants_have_separate_buckets()
    {
        using var limiter = new TenantRateLimiter();
        limiter.Acquire("a", 1);
        Assert.Throws<LimitExceededException>(() => limiter.Acquire("a", 1));
        limiter.Acquire("b", 1);
    }

    [Fact]
    public void A_changed_limit_takes_effect()
    {
        using var limiter = new TenantRateLimiter();
        limiter.Acquire("a", 1);
        Assert.Throws<LimitExceededException>(() => limiter.Acquire("a", 1));
        for (var i = 0; i < 5; i++) limiter.Acquire("a", 5);
        Assert.Throws<LimitExceededException>(() => limiter.Acquire("a", 5));
    }

    private static bool TryAcquire(TenantRateLimiter limiter, string tenant, int rate)
    {
        try { limiter.Acquire(tenant, rate); return true; }
        catch (LimitExceededException) { return false; }
    }
}
