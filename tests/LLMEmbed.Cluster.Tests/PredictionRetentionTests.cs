using LLMEmbed.Grains.Abstractions.Tenants;
using LLMEmbed.Grains.Tenants;
using Microsoft.Extensions.Time.Testing;

namespace LLMEmbed.Cluster.Tests;

public class PredictionRetentionTests
{
    [Fact]
    public void The_oldest_prediction_is_dropped_at_capacity()
    {
        var retention = new PredictionRetention(2, TimeSpan.FromHours(1), new FakeTimeProvider());
        var first = retention.Keep([1f], "a", 1, "x", 1);
        var second = retention.Keep([2f], "b", 1, "x", 1);
        var third = retention.Keep([3f], "c", 1, "x", 1);
        Assert.Null(retention.Find(first));
        Assert.Equal("b", retention.Find(second)!.Text);
        Assert.Equal([3f], retention.Find(third)!.Vector);
        Assert.Equal(2, retention.Count);
    }

    [Fact]
    public void A_prediction_older_than_the_window_is_forgotten()
    {
        var clock = new FakeTimeProvider();
        var retention = new PredictionRetention(10, TimeSpan.FromMinutes(5), clock);
        var old = retention.Keep([1f], "a", 1, "x", 1);
        clock.Advance(TimeSpan.FromMinutes(3));
        var recent = retention.Keep([2f], "b", 1, "x", 1);
        clock.Advance(TimeSpan.FromMinutes(3));
        Assert.Null(retention.Find(old));
        Assert.NotNull(retention.Find(recent));
        Assert.Equal(1, retention.Count);
    }

    [Fact]
    public void Ids_are_unique_and_differ_between_activations()
    {
        var a = new PredictionRetention(100, TimeSpan.FromHours(1), new FakeTimeProvider());
        var b = new PredictionRetention(100, TimeSpan.FromHours(1), new FakeTimeProvider());
        var ids = Enumerable.Range(0, 50).Select(i => a.Keep([i], "t", 1, "x", 1)).ToList();
        Assert.Equal(50, ids.Distinct().Count());
        Assert.Null(b.Find(ids[0])); // another activation's id is unknown, never someone else's prediction
        a.Answer(ids[0], new FeedbackResult(7, false, "x", "y", false));
        Assert.Equal(7, a.Find(ids[0])!.Answer!.ExampleId);
    }
}
