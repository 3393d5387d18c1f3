namespace LLMEmbed.Gateway.Tests.HostProcess;

/// <summary>The storage outage on PostgreSQL (Orleans' ADO.NET membership and grain storage), a server of the test's own.</summary>
[Trait("Category", "Postgres")]
[Collection(StorageOutageTest.Collection)]
public sealed class PostgresStorageOutageTests(Xunit.Abstractions.ITestOutputHelper output) : StorageOutageTest(output)
{
    protected override string Script => "postgres-test-server.sh";

    protected override IReadOnlyDictionary<string, string> HostSettings(int port) => new Dictionary<string, string>
    {
        ["LLMEMBED_Cluster__Provider"] = "postgres",
        ["LLMEMBED_Cluster__AdvertisedIPAddress"] = "127.0.0.1",
        ["LLMEMBED_Storage__Provider"] = "postgres",
        ["LLMEMBED_Postgres__ConnectionString"] = $"Host=127.0.0.1;Port={port};Database=llmembed;Username=postgres",
        ["LLMEMBED_Postgres__CreateSchema"] = "true",
    };
}
