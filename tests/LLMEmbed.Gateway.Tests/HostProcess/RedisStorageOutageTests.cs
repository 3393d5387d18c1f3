namespace LLMEmbed.Gateway.Tests.HostProcess;

/// <summary>The storage outage on Redis (membership and grain storage), a server of the test's own, append-only on.</summary>
[Trait("Category", "Redis")]
[Collection(StorageOutageTest.Collection)]
public sealed class RedisStorageOutageTests(Xunit.Abstractions.ITestOutputHelper output) : StorageOutageTest(output)
{
    protected override string Script => "redis-test-server.sh";

    protected override IReadOnlyDictionary<string, string> HostSettings(int port) => new Dictionary<string, string>
    {
        ["LLMEMBED_Cluster__Provider"] = "redis",
        ["LLMEMBED_Cluster__AdvertisedIPAddress"] = "127.0.0.1",
        ["LLMEMBED_Storage__Provider"] = "redis",
        ["LLMEMBED_Redis__ConnectionString"] = $"127.0.0.1:{port}",
    };
}
