using LLMEmbed.Host.Hosting;

namespace LLMEmbed.Cluster.Tests;

/// <summary>The provider switch is configuration only, and a bad configuration stops the silo before it starts.</summary>
public class ProviderOptionsTests
{
    [Fact]
    public void Defaults_are_the_embedded_single_node_providers()
    {
        var cluster = new LLMEmbedClusterOptions();
        var storage = new LLMEmbedStorageOptions();
        cluster.Validate();
        storage.Validate();
        Assert.False(cluster.IsRedis);
        Assert.False(storage.IsRedis);
        Assert.Equal("127.0.0.1:6379", new LLMEmbedRedisOptions().ConnectionString);
    }

    [Theory]
    [InlineData("redis")]
    [InlineData("Redis")]
    public void Redis_is_accepted_for_both_providers(string provider)
    {
        new LLMEmbedClusterOptions { Provider = provider, AdvertisedIPAddress = "127.0.0.1" }.Validate();
        new LLMEmbedStorageOptions { Provider = provider, DataDirectory = "" }.Validate();
    }

    [Fact]
    public void Unknown_providers_name_the_key_and_the_choices()
    {
        var cluster = Assert.Throws<ArgumentException>(() => new LLMEmbedClusterOptions { Provider = "consul" }.Validate());
        Assert.Contains("Cluster:Provider", cluster.Message);
        Assert.Contains("redis", cluster.Message);
        var storage = Assert.Throws<ArgumentException>(() => new LLMEmbedStorageOptions { Provider = "s3" }.Validate());
        Assert.Contains("Storage:Provider", storage.Message);
    }

    [Fact]
    public void Kubernetes_hosting_needs_a_shared_membership_store()
    {
        var error = Assert.Throws<ArgumentException>(() => new LLMEmbedClusterOptions { KubernetesHosting = true }.Validate());
        Assert.Contains("KubernetesHosting", error.Message);
        new LLMEmbedClusterOptions { Provider = "redis", KubernetesHosting = true }.Validate();
    }

    [Theory]
    [InlineData(0, 30000, null, "SiloPort")]
    [InlineData(11111, 11111, null, "must differ")]
    [InlineData(11111, 30000, "not-an-ip", "AdvertisedIPAddress")]
    public void Bad_endpoints_are_refused(int siloPort, int gatewayPort, string? address, string expected)
    {
        var options = new LLMEmbedClusterOptions { Provider = "redis", SiloPort = siloPort, GatewayPort = gatewayPort, AdvertisedIPAddress = address ?? "" };
        Assert.Contains(expected, Assert.Throws<ArgumentException>(options.Validate).Message);
    }

    [Fact]
    public void Membership_probe_settings_are_optional_and_bounded()
    {
        var defaults = new LLMEmbedClusterOptions();
        Assert.Null(defaults.ProbeTimeout);
        Assert.Null(defaults.NumMissedProbesLimit);
        new LLMEmbedClusterOptions { Provider = "redis", ProbeTimeout = TimeSpan.FromSeconds(1), NumMissedProbesLimit = 2 }.Validate();
        var tooShort = Assert.Throws<ArgumentException>(() => new LLMEmbedClusterOptions { ProbeTimeout = TimeSpan.FromMilliseconds(10) }.Validate());
        Assert.Contains("Cluster:ProbeTimeout", tooShort.Message);
        var none = Assert.Throws<ArgumentException>(() => new LLMEmbedClusterOptions { NumMissedProbesLimit = 0 }.Validate());
        Assert.Contains("Cluster:NumMissedProbesLimit", none.Message);
    }

    [Fact]
    public void Redis_connection_string_is_checked_and_its_password_never_logged()
    {
        Assert.Throws<ArgumentException>(() => new LLMEmbedRedisOptions { ConnectionString = " " }.Validate());
        var options = new LLMEmbedRedisOptions { ConnectionString = "redis.internal:6380,password=hunter2" };
        options.Validate();
        Assert.DoesNotContain("hunter2", options.ToString());
        Assert.False(options.ToConfigurationOptions().AbortOnConnectFail);
    }

    [Theory]
    [InlineData("postgres")]
    [InlineData("Postgres")]
    public void Postgres_is_accepted_for_both_providers(string provider)
    {
        var cluster = new LLMEmbedClusterOptions { Provider = provider, AdvertisedIPAddress = "127.0.0.1", KubernetesHosting = true };
        cluster.Validate();
        Assert.True(cluster.IsMultiSilo);
        var storage = new LLMEmbedStorageOptions { Provider = provider };
        storage.ValidateWith(cluster);
        Assert.True(storage.IsPostgres);
    }

    [Theory]
    [InlineData("redis")]
    [InlineData("postgres")]
    public void File_storage_is_refused_with_a_multi_silo_cluster_naming_what_to_use(string cluster)
    {
        var error = Assert.Throws<ArgumentException>(() => new LLMEmbedStorageOptions().ValidateWith(new LLMEmbedClusterOptions { Provider = cluster }));
        Assert.Contains("Storage:Provider=\"file\"", error.Message);
        Assert.Contains($"Cluster:Provider=\"{cluster}\"", error.Message);
        Assert.Contains("set Storage:Provider=\"redis\" or \"postgres\"", error.Message);
        // One silo on files stays the embedded default.
        new LLMEmbedStorageOptions().ValidateWith(new LLMEmbedClusterOptions());
    }

    [Theory]
    [InlineData("", "Postgres:ConnectionString is required")]
    [InlineData("Database=llmembed", "names no Host")]
    [InlineData("Host=db", "names no Database")]
    [InlineData("Host=db;Colour=blue", "not a valid Npgsql connection string")]
    public void Postgres_connection_string_is_checked(string connection, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => new LLMEmbedPostgresOptions { ConnectionString = connection }.Validate());
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Postgres_password_is_never_logged_and_the_schema_is_not_created_unless_asked()
    {
        var options = new LLMEmbedPostgresOptions { ConnectionString = "Host=db;Database=llmembed;Username=llmembed;Password=hunter2" };
        options.Validate();
        Assert.False(options.CreateSchema);
        Assert.DoesNotContain("hunter2", options.ToString());
        Assert.Contains("Host=db", options.ToString());
    }
}
