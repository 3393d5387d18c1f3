using LLMEmbed.Protos.V1;

namespace LLMEmbed.Failure.Tests;

/// <summary>kill -9 of every silo at once, then a cold start of the whole cluster.</summary>
[Trait("Category", "Failure")]
public sealed class ClusterRestartTests(ITestOutputHelper output)
{
    [Fact(Timeout = 180_000)]
    public async Task Every_tenant_label_count_and_active_head_survives_a_whole_cluster_restart()
    {
        await using var cluster = await LocalCluster.StartAsync();
        var api = new Api(cluster.Channel(cluster.Front));

        // alpha: trained twice, then rolled back, so the active head is not the newest one.
        var alpha = await api.CreateTenantAsync("alpha", Reuters.Labels);
        await api.ImportAsync("alpha", alpha, Api.Stories("train"));
        await api.TrainAsync("alpha", alpha, HeadKind.Logreg);
        await api.TrainAsync("alpha", alpha, HeadKind.Mlp, force: true);
        await api.Training.RollbackAsync(new RollbackRequest { Tenant = "alpha" }, Api.Bearer(alpha), Api.Deadline);
        // beta: examples, a renamed and a retired label, never trained.
        var beta = await api.CreateTenantAsync("beta", "oil", "earnings", "currency", "other");
        await api.Examples.AddExamplesAsync(new AddExamplesRequest
        {
            Tenant = "beta", Truncate = true,
            Examples = { Reuters.Split("test").Take(30).Select(s => new Example { Text = s.Text, Label = s.Label switch { "crude" => "oil", "earn" => "earnings", _ => "currency" } }) },
        }, Api.Bearer(beta), Api.Deadline);
        await api.Labels.RenameLabelAsync(new RenameLabelRequest { Tenant = "beta", Label = "oil", NewName = "energy" }, Api.Bearer(beta), Api.Deadline);
        await api.Labels.RetireLabelAsync(new RetireLabelRequest { Tenant = "beta", Label = "other" }, Api.Bearer(beta), Api.Deadline);
        // gamma: created only.
        var gamma = await api.CreateTenantAsync("gamma");
        var keys = new Dictionary<string, string> { ["alpha"] = alpha, ["beta"] = beta, ["gamma"] = gamma };

        var texts = Reuters.Split("test").Skip(30).Select(s => s.Text).ToList();
        var before = await SnapshotAsync(api, keys);
        var predictionsBefore = await api.ClassifyAsync("alpha", alpha, texts);

        var restart = await cluster.KillAndRestartAllAsync();
        api = new Api(cluster.Channel(cluster.Front));
        var firstAnswer = DateTime.UtcNow;
        var after = await SnapshotAsync(api, keys);
        var predictionsAfter = await api.ClassifyAsync("alpha", alpha, texts);
        var answered = DateTime.UtcNow - firstAnswer;

        FailureReport.Write(output, "kill -9 of all three silos, then a cold start",
            $"3 silos active again {restart.TotalSeconds:0.00} s after the kill (process start, MiniLM preload, membership); " +
            $"snapshot of 3 tenants + {texts.Count} classifications then took {answered.TotalSeconds:0.00} s (tenant re-activation from Redis)\n" +
            before);

        Assert.Equal(before, after);
        Assert.Contains("alpha: examples 120", before);
        // Prediction ids name the activation that answered (for Feedback), so they differ across a restart; the rest must not.
        static string Answers(ClassifyResponse r) => string.Join('\n', r.Results.Select(c => c.Clone()).Select(c => { c.PredictionId = ""; return c.ToString(); }));
        Assert.Equal(Answers(predictionsBefore), Answers(predictionsAfter));
        Assert.All(predictionsAfter.Results, r => Assert.Equal(1, r.HeadVersion));
    }

    /// <summary>The admin's tenant list plus each tenant's own snapshot, as one comparable text.</summary>
    private static async Task<string> SnapshotAsync(Api api, IReadOnlyDictionary<string, string> keys)
    {
        var tenants = await api.Admin.ListTenantsAsync(new ListTenantsRequest(), Api.AdminHeaders, Api.Deadline);
        var lines = new List<string> { string.Join("\n", tenants.Tenants.OrderBy(t => t.Tenant, StringComparer.Ordinal)) };
        foreach (var (tenant, key) in keys.OrderBy(k => k.Key, StringComparer.Ordinal)) lines.Add(await api.SnapshotAsync(tenant, key));
        return string.Join('\n', lines);
    }
}
