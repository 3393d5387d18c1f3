using LLMEmbed.Gateway.Limits;
using Microsoft.Extensions.Time.Testing;
using LimitExceededException = LLMEmbed.Grains.Abstractions.Errors.LimitExceededException;

namespace LLMEmbed.Gateway.Tests;

public sealed class TenantRateLimiterTests
{
    [Fact]
    public void Admits_one_seconds_worth_then_refuses_naming_the_limit()
    {
        var clock = new FakeTimeProvider();
        var limiter = new TenantRateLimiter(clock);
        for (var i = 0; i < 3; i++) limiter.Acquire("a", 3);
        var error = Assert.Throws<LimitExceededException>(() => limiter.Acquire("a", 3));
        Assert.Equal("requests_per_second", error.Limit);
        Assert.Contains("requests_per_second limit (3/s) exceeded", error.Message);
    }

    [Fact]
    public void Refills_with_time()
    {
        var clock = new FakeTimeProvider();
        var limiter = new TenantRateLimiter(clock);
        for (var i = 0; i < 2; i++) limiter.Acquire("a", 2);
        Assert.Throws<LimitExceededException>(() => limiter.Acquire("a", 2));
        clock.Advance(TimeSpan.FromMilliseconds(500));
        limiter.Acquire("a", 2);
        Assert.Throws<LimitExceededException>(() => limiter.Acquire("a", 2));
    }

    [Fact]
    public void Tenants_have_separate_buckets()
    {
        var limiter = new TenantRateLimiter(new FakeTimeProvider());
        limiter.Acquire("a", 1);
        Assert.Throws<LimitExceededException>(() => limiter.Acquire("a", 1));
        limiter.Acquire("b", 1);
    }

    [Fact]
    public void A_changed_limit_takes_effect()
    {
        var limiter = new TenantRateLimiter(new FakeTimeProvider());
        limiter.Acquire("a", 1);
        Assert.Throws<LimitExceededException>(() => limiter.Acquire("a", 1));
        limiter.Acquire("a", 5);
    }
}
