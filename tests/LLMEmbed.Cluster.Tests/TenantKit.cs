using LLMEmbed.Tests;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LLMEmbed.Grains.Abstractions.Tenants;

namespace LLMEmbed.Cluster.Tests;

/// <summary>Shared steps of the tenant tests: creating tenants, waiting for jobs, the Reuters fixture.</summary>
public static class TenantKit
{
    public static byte[] KeyHash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    public static TenantSettings Settings(string recipe = "last", TenantLimits? limits = null, bool keepTexts = false) =>
        new(recipe, keepTexts, limits ?? TenantLimits.Default, KeyHash("secret"));

    /// <summary>
    /// Stores examples the way the gateway's AddExamples does: the rows as one import chunk (so at most
    /// TextsPerGrainCall of them), then the end of its stream, which stores them; nothing on a failure.
    /// </summary>
    public static async Task<AddExamplesResult> AddExamples(this ITenantGrain tenant, LabeledExample[] examples, bool truncate, string? requestId = null)
    {
        var stream = Guid.NewGuid().ToString("N");
        try
        {
            await tenant.ImportRows(new ImportChunk(stream, 0, 0, examples, truncate, RequestId: requestId));
        }
        catch
        {
            await tenant.EndImport(stream, store: false);
            throw;
        }
        return await tenant.EndImport(stream, store: true);
    }

    public static async Task<TrainingJobInfo> WaitForJob(ITenantGrain tenant, string jobId)
    {
        var job = await Eventually.UntilAsync(() => tenant.GetJob(jobId), j => j.State.IsFinished(), TimeSpan.FromSeconds(60));
        return job.State.IsFinished() ? job : throw new TimeoutException($"Job {jobId} still {job.State} at {job.Progress:P0}.");
    }

    public static async Task<TrainingJobInfo> Train(ITenantGrain tenant, TrainingMode mode = TrainingMode.Full, bool force = false, string? task = null)
    {
        var job = await WaitForJob(tenant, await tenant.StartTraining(new TrainingRequest(mode, HeadKindContract.LogReg, force, task)));
        Assert.True(job.State == JobState.Succeeded, job.Message);
        return job;
    }

    /// <summary>The 180 Reuters stories (crude, earn, money-fx; 40 train + 20 test each).</summary>
    public static IReadOnlyList<(string Text, string Label, string Split)> Reuters()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "reuters-mini.jsonl");
        return File.ReadLines(path).Where(l => l.Length > 0).Select(line =>
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            return (root.GetProperty("text").GetString()!, root.GetProperty("label").GetString()!, root.GetProperty("split").GetString()!);
        }).ToList();
    }
}
