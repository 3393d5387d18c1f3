using LLMEmbed.Tests;
using Grpc.Core;
using Grpc.Net.Client;
using LLMEmbed.Protos.V1;

namespace LLMEmbed.Failure.Tests;

/// <summary>The public gRPC API of one gateway, with the steps the failure tests repeat.</summary>
public sealed class Api(GrpcChannel channel)
{
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(15);

    public Admin.AdminClient Admin { get; } = new(channel);
    public Labels.LabelsClient Labels { get; } = new(channel);
    public Examples.ExamplesClient Examples { get; } = new(channel);
    public Training.TrainingClient Training { get; } = new(channel);
    public Inference.InferenceClient Inference { get; } = new(channel);

    public static Metadata Bearer(string key) => new() { { "authorization", $"Bearer {key}" } };
    public static Metadata AdminHeaders => Bearer(LocalCluster.AdminKey);
    public static DateTime Deadline => DateTime.UtcNow + CallTimeout;

    /// <summary>A MiniLM-only tenant ("last" recipe) with the three Reuters topics as labels; returns its key.</summary>
    public async Task<string> CreateTenantAsync(string tenant, params string[] labels)
    {
        var created = await Admin.CreateTenantAsync(new CreateTenantRequest { Tenant = tenant, Recipe = "last" }, AdminHeaders, Deadline);
        if (labels.Length > 0)
            await Labels.SetLabelsAsync(new SetLabelsRequest { Tenant = tenant, Labels = { labels } }, Bearer(created.Key), Deadline);
        return created.Key;
    }

    /// <summary>Streams the rows through ImportExamples, <paramref name="perMessage"/> per message; long stories are truncated.</summary>
    public async Task<AddExamplesResponse> ImportAsync(string tenant, string key, IEnumerable<(string Text, string Label)> rows, int perMessage = 120)
    {
        using var call = Examples.ImportExamples(Bearer(key), DateTime.UtcNow + TimeSpan.FromMinutes(2));
        foreach (var chunk in rows.Chunk(perMessage))
        {
            var message = new ImportExamplesRequest { Tenant = tenant, Truncate = true };
            message.Examples.AddRange(chunk.Select(r => new Example { Text = r.Text, Label = r.Label }));
            await call.RequestStream.WriteAsync(message);
        }
        await call.RequestStream.CompleteAsync();
        return await call.ResponseAsync;
    }

    public static IEnumerable<(string Text, string Label)> Stories(string split) => Reuters.Split(split).Select(s => (s.Text, s.Label));

    public async Task<string> StartTrainingAsync(string tenant, string key, HeadKind head, bool force = false) =>
        (await Training.TrainAsync(new TrainRequest { Tenant = tenant, Head = head, Force = force }, Bearer(key), Deadline)).JobId;

    public async Task<Job> WaitForJobAsync(string tenant, string key, string jobId, TimeSpan timeout)
    {
        var job = await Eventually.UntilAsync(
            async () => await Training.GetJobAsync(new GetJobRequest { Tenant = tenant, JobId = jobId }, Bearer(key), Deadline),
            j => j.State is JobState.Succeeded or JobState.Failed, timeout);
        return job.State is JobState.Succeeded or JobState.Failed
            ? job
            : throw new TimeoutException($"Job {jobId} of {tenant} is still {job.State} ({job.Progress:P0}) after {timeout}.");
    }

    public async Task<Job> TrainAsync(string tenant, string key, HeadKind head, bool force = false)
    {
        var job = await WaitForJobAsync(tenant, key, await StartTrainingAsync(tenant, key, head, force), TimeSpan.FromMinutes(2));
        Assert.True(job.State == JobState.Succeeded, $"training {tenant} ({head}) ended {job.State}: {job.Message}");
        return job;
    }

    public async Task<ClassifyResponse> ClassifyAsync(string tenant, string key, IEnumerable<string> texts) =>
        await Inference.ClassifyAsync(new ClassifyRequest { Tenant = tenant, Texts = { texts }, TopK = 0, Truncate = true }, Bearer(key), Deadline);

    /// <summary>Everything durable about a tenant, as one comparable text: labels (retired too), counts, heads.</summary>
    public async Task<string> SnapshotAsync(string tenant, string key)
    {
        var headers = Bearer(key);
        var counts = await Examples.CountExamplesAsync(new CountExamplesRequest { Tenant = tenant }, headers, Deadline);
        var labels = await Labels.ListLabelsAsync(new ListLabelsRequest { Tenant = tenant, IncludeRetired = true }, headers, Deadline);
        var heads = await Training.ListHeadsAsync(new ListHeadsRequest { Tenant = tenant }, headers, Deadline);
        var perLabel = string.Join(", ", counts.PerLabel.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
        return $"{tenant}: examples {counts.Total} [{perLabel}] | labels {labels} | heads {heads}";
    }
}
