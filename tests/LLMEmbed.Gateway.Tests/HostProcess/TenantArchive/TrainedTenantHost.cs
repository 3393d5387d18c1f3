using System.Diagnostics;
using System.Text.Json;
using LLMEmbed.Protos.V1;

namespace LLMEmbed.Gateway.Tests.HostProcess.TenantArchive;

/// <summary>
/// A host on the default file storage with one trained tenant, "news", and its archive: labels (one described),
/// the README's Reuters rows with their texts kept, a named task "desk" labelled on the same rows, two default-task
/// head versions and one of the task's; exported once with `llmembed tenant export`. The export tests share it.
/// </summary>
public sealed class TrainedTenantHost : IAsyncLifetime
{
    public const string Tenant = "news";
    private readonly string _work = Path.Combine(Path.GetTempPath(), $"llmembed-archive-{Guid.NewGuid():N}");

    public HostProcessFixture Host { get; } = HostProcessFixture.On(null);
    public string Key { get; private set; } = "";
    /// <summary>The tenant's answers to the README's texts before any export.</summary>
    public ClassifyResponse Answers { get; private set; } = new();
    public string Archive => Path.Combine(_work, "news.tar");
    public TimeSpan ExportTook { get; private set; }
    public string Work => _work;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_work);
        await Host.InitializeAsync();
        var created = await Cli(Host.CliEnvironment(), "tenant", "create", Tenant, "--recipe", "last", "--keep-texts", "--json");
        Key = JsonDocument.Parse(created.Out).RootElement.GetProperty("key").GetString()!;
        var env = Host.CliEnvironment(Tenant, Key);
        await Cli(env, "labels", "set", "crude", "earn", "money-fx");
        await Cli(env, "labels", "describe", "--label", "crude", "--description", "Crude oil: prices, output and OPEC.");
        await Cli(env, "tasks", "create", "desk", "--labels", "energy,markets");
        var rows = Path.Combine(_work, "rows.jsonl");
        await File.WriteAllLinesAsync(rows, (await File.ReadAllLinesAsync(Fixture("reuters-mini.jsonl"))).Select(WithDesk));
        await Cli(env, "import", rows, "--split", "train");
        await Cli(env, "train", "--wait");
        await Cli(env, "train", "--wait", "--head", "mlp", "--force");
        await Cli(env, "train", "--wait", "--task", "desk");
        using (var probe = new TenantProbe(Host.Endpoint, Tenant, Key)) Answers = await probe.ClassifyAsync();

        var watch = Stopwatch.StartNew();
        await Cli(Host.CliEnvironment(), "tenant", "export", Tenant, Archive);
        ExportTook = watch.Elapsed;
    }

    /// <summary>The row with a "desk" label for the named task: crude is energy, earnings and currencies are markets.</summary>
    private static string WithDesk(string line)
    {
        var row = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(line)!;
        var desk = row["label"].GetString() == "crude" ? "energy" : "markets";
        return JsonSerializer.Serialize(new { text = row["text"].GetString(), label = row["label"].GetString(), labels = new { desk }, split = row["split"].GetString() });
    }

    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    public static async Task<CliResult> Cli(IReadOnlyDictionary<string, string> env, params string[] args)
    {
        var result = await CliProcess.RunAsync(env, args);
        Assert.True(result.ExitCode == 0, $"llmembed {string.Join(' ', args)}: {result}");
        return result;
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        if (Directory.Exists(_work)) Directory.Delete(_work, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class TrainedTenantCollection : ICollectionFixture<TrainedTenantHost>
{
    public const string Name = "trained-tenant-archive";
}
