using LLMEmbed.Host.Telemetry;

namespace LLMEmbed.Gateway.Tests;

public sealed class KeyFigureSnapshotTests
{
    [Fact]
    public void The_summary_line_shows_rates_per_second_and_the_cache_hit_ratio()
    {
        var line = new KeyFigureSnapshot(TimeSpan.FromSeconds(60), Requests: 42, Failed: 3, Classified: 90, Examples: 180, Embedded: 720,
            QueueDepth: 5, CacheHits: 64, CacheMisses: 36, TrainingStarted: 1, TrainingFinished: 1).ToString();
        Assert.Equal("last 60 s: 42 requests (3 failed), 90 texts classified (1.5/s), 180 examples added, backbone 720 sequences (12.0/s), queue 5, cache hits 64%, training 1 started / 1 finished", line);
    }

    [Fact]
    public void No_cache_lookups_show_no_ratio()
    {
        var line = new KeyFigureSnapshot(TimeSpan.FromSeconds(10), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0).ToString();
        Assert.Contains("cache hits -", line);
    }
}
