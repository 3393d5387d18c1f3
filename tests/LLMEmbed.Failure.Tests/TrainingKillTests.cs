using LLMEmbed.Tests;
using Grpc.Core;
using LLMEmbed.Protos.V1;

namespace LLMEmbed.Failure.Tests;

/// <summary>kill -9 of the silo that holds a tenant grain while that tenant trains.</summary>
[Trait("Category", "Failure")]
public sealed class TrainingKillTests(ITestOutputHelper output)
{
    /// <summary>How often the job is looked at after the kill.</summary>
    private static readonly TimeSpan JobLook = TimeSpan.FromMilliseconds(100);

    /// <summary>Copies of the 120 training stories: enough rows that an MLP run lasts seconds (repeats are fusion-cache hits, so cheap to add).</summary>
    private const int Copies = 20;

    [Fact(Timeout = 180_000)]
    public async Task An_interrupted_job_is_reported_failed_and_the_active_head_stays_whole()
    {
        await using var cluster = await LocalCluster.StartAsync();
        const string tenant = "kill-training";
        var front = new Api(cluster.Channel(cluster.Front));
        var key = await front.CreateTenantAsync(tenant, Reuters.Labels);
        var rows = Enumerable.Range(0, Copies).SelectMany(_ => Api.Stories("train")).ToList();
        await front.ImportAsync(tenant, key, rows);
        var first = await front.TrainAsync(tenant, key, HeadKind.Logreg);
        var texts = Reuters.Split("test").Take(12).Select(s => s.Text).ToList();

        var victim = await cluster.TenantHostAsync(tenant) ?? throw new InvalidOperationException($"{tenant} has no activation");
        var survivor = cluster.Silos.First(s => s != victim);
        var api = new Api(cluster.Channel(survivor));
        var jobId = await api.StartTrainingAsync(tenant, key, HeadKind.Mlp, force: true);
        var trainingStarted = DateTime.UtcNow;
        // Past feature loading (0.2) into the epochs, or a second in: either way mid-run. Early
        // stopping can end the epochs well before 0.9, so waiting for a high mark would miss the run.
        var running = await Eventually.UntilAsync(
            async () => await api.Training.GetJobAsync(new GetJobRequest { Tenant = tenant, JobId = jobId }, Api.Bearer(key), Api.Deadline),
            j => j.State != JobState.Running || j.Progress > 0.2, TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(50));

        var kill = DateTime.UtcNow;
        victim.Kill();

        // The next call re-activates the tenant on a survivor once the victim is declared dead.
        var polls = 0;
        var outcome = await Eventually.UntilAsync(async () =>
        {
            polls++;
            try { return await api.Training.GetJobAsync(new GetJobRequest { Tenant = tenant, JobId = jobId }, Api.Bearer(key), Api.Deadline); }
            catch (RpcException) { return null; } // the tenant is re-activated once the victim is declared dead
        }, job => job?.State is JobState.Failed or JobState.Succeeded, TimeSpan.FromSeconds(60), JobLook);
        if (outcome?.State is not (JobState.Failed or JobState.Succeeded)) throw new TimeoutException($"job {jobId} never left {JobState.Running} after the kill");
        var answered = DateTime.UtcNow - kill;
        var newHost = await cluster.TenantHostAsync(tenant);
        var heads = await api.Training.ListHeadsAsync(new ListHeadsRequest { Tenant = tenant }, Api.Bearer(key), Api.Deadline);
        var classified = await api.ClassifyAsync(tenant, key, texts);

        // Training again works, and its version follows the last one the tenant recorded.
        var again = await api.TrainAsync(tenant, key, HeadKind.Logreg, force: true);
        var afterRetrain = await api.Training.ListHeadsAsync(new ListHeadsRequest { Tenant = tenant }, Api.Bearer(key), Api.Deadline);
        var classifiedAgain = await api.ClassifyAsync(tenant, key, texts);

        FailureReport.Write(output, "kill -9 of the tenant's silo during training",
            $"{Copies * 120} examples; MLP job {jobId} at {running.State} {running.Progress:P0} after {(kill - trainingStarted).TotalSeconds:0.00} s of training when {victim.Name} was killed\n" +
            $"job answered again {answered.TotalSeconds:0.00} s after the kill ({polls} polls), from {newHost?.Name ?? "?"}: {outcome.State} \"{outcome.Message}\"\n" +
            $"heads after: [{string.Join(", ", heads.Heads.Select(h => $"v{h.Version} {h.Kind}{(h.Active ? " active" : "")}"))}]; retrained -> v{again.HeadVersion}");

        Assert.NotEqual(victim, newHost);
        Assert.All(classified.Results, r => Assert.Equal(heads.ActiveVersion, r.HeadVersion));
        if (outcome.State == JobState.Failed)
        {
            Assert.Contains("interrupted", outcome.Message);
            // Nothing of the interrupted run is visible: the old head is the only one and still active.
            Assert.Equal([first.HeadVersion], heads.Heads.Select(h => h.Version));
            Assert.Equal(first.HeadVersion, heads.ActiveVersion);
            Assert.Equal(first.HeadVersion + 1, again.HeadVersion);
        }
        else
        {
            // The run finished before the kill took effect: the new head is there whole, and active (forced).
            Assert.Equal(outcome.HeadVersion, heads.ActiveVersion);
            Assert.Equal([first.HeadVersion, outcome.HeadVersion], heads.Heads.Select(h => h.Version));
            Assert.Equal(HeadKind.Mlp, heads.Heads.Single(h => h.Active).Kind);
            Assert.Equal(outcome.HeadVersion + 1, again.HeadVersion);
        }
        Assert.Equal(again.HeadVersion, afterRetrain.ActiveVersion);
        Assert.All(classifiedAgain.Results, r => Assert.Equal(again.HeadVersion, r.HeadVersion));
        // The test is only meaningful if the kill landed while the job ran.
        Assert.Equal(JobState.Running, running.State);
    }
}
