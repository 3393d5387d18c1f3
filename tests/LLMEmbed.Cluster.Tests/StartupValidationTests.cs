using Microsoft.Extensions.Options;

namespace LLMEmbed.Cluster.Tests;

/// <summary>A bad silo setting stops the real host at start-up (ValidateOnStart), with a message naming the key.</summary>
public class StartupValidationTests
{
    [Theory]
    [InlineData("Batching:MaxRunSize", "0")]
    [InlineData("Backbone:IntraOpThreads", "0")]
    [InlineData("Routing:ProbeInterval", "00:00:00")]
    [InlineData("Tenants:HoldoutFraction", "1")]
    [InlineData("Fusion:CacheEntries", "-1")]
    [InlineData("Silo:Accelerator", "tpu")]
    public async Task A_bad_setting_fails_start_up_naming_its_key(string key, string value)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => EmbeddedHost.StartAsync(new Dictionary<string, string?> { [key] = value }));
        Assert.Contains(key + ":", error.Message);
    }

    [Fact]
    public async Task A_removed_batching_key_is_refused_as_unknown()
    {
        var error = await Assert.ThrowsAnyAsync<InvalidOperationException>(() => EmbeddedHost.StartAsync(new Dictionary<string, string?> { ["Batching:MaxDelay"] = "00:00:00.005" }));
        Assert.Contains("MaxDelay", error.Message);
    }

    [Theory]
    [InlineData("redis", "Redis:ConnectionString", "127.0.0.1:6379")]
    [InlineData("postgres", "Postgres:ConnectionString", "Host=127.0.0.1;Database=llmembed")]
    public async Task File_storage_under_a_multi_silo_cluster_stops_the_host_before_it_connects(string cluster, string key, string connection)
    {
        var settings = new Dictionary<string, string?> { ["Cluster:Provider"] = cluster, [key] = connection, ["Storage:Provider"] = "file" };
        var error = await Assert.ThrowsAnyAsync<ArgumentException>(() => EmbeddedHost.StartAsync(settings));
        Assert.Contains("set Storage:Provider=\"redis\" or \"postgres\"", error.Message);
    }
}
