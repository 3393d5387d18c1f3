using LLMEmbed.Tests;
using Grpc.Core;
using LLMEmbed.Core.Data;
using LLMEmbed.Protos.V1;

namespace LLMEmbed.Gateway.Tests.EndToEnd;

/// <summary>Steps the end-to-end tests repeat, each a real gRPC call.</summary>
public sealed class GatewayApi(GatewayHostFixture host)
{
    public Admin.AdminClient Admin { get; } = new(host.Channel);
    public Labels.LabelsClient Labels { get; } = new(host.Channel);
    public Examples.ExamplesClient Examples { get; } = new(host.Channel);
    public Training.TrainingClient Training { get; } = new(host.Channel);
    public Inference.InferenceClient Inference { get; } = new(host.Channel);

    public async Task<string> CreateTenantAsync(string tenant, TenantLimits? limits = null)
    {
        var response = await Admin.CreateTenantAsync(new CreateTenantRequest { Tenant = tenant, Recipe = "last", Limits = limits }, GatewayHostFixture.Admin);
        Assert.Equal(tenant, response.Tenant);
        return response.Key;
    }

    /// <summary>Streams rows through ImportExamples, <paramref name="perMessage"/> rows per message; stories over the test's 128 tokens are truncated.</summary>
    /// <param name="lines">File line of each row, sent in the `lines` field, when given.</param>
    public async Task<AddExamplesResponse> ImportAsync(string tenant, string key, IEnumerable<(string Text, string Label)> rows, int perMessage = 40, bool truncate = true,
        string? importId = null, bool resume = false, IReadOnlyList<long>? lines = null)
    {
        using var call = Examples.ImportExamples(GatewayHostFixture.Bearer(key));
        try
        {
            var sent = 0;
            foreach (var chunk in rows.Chunk(perMessage))
            {
                var message = new ImportExamplesRequest { Tenant = tenant, Truncate = truncate, ImportId = importId ?? "", Resume = resume };
                message.Examples.AddRange(chunk.Select(r => new Example { Text = r.Text, Label = r.Label }));
                if (lines is not null) message.Lines.AddRange(lines.Skip(sent).Take(chunk.Length));
                sent += chunk.Length;
                await call.RequestStream.WriteAsync(message);
            }
            await call.RequestStream.CompleteAsync();
        }
        catch (RpcException)
        {
            // The gateway ended the stream early; the status is in the response.
        }
        return await call.ResponseAsync;
    }

    public static IEnumerable<(string Text, string Label)> Pairs(IEnumerable<LabeledText> rows) => rows.Select(r => (r.Text, r.Label));

    public async Task<Job> TrainAndWaitAsync(string tenant, string key, TrainMode mode = TrainMode.Full)
    {
        var headers = GatewayHostFixture.Bearer(key);
        var started = await Training.TrainAsync(new TrainRequest { Tenant = tenant, Mode = mode }, headers);
        var job = await Eventually.UntilAsync(() => Training.GetJobAsync(new GetJobRequest { Tenant = tenant, JobId = started.JobId }, headers).ResponseAsync,
            j => j.State is JobState.Succeeded or JobState.Failed, TimeSpan.FromMinutes(3));
        return job.State is JobState.Succeeded or JobState.Failed ? job : throw new TimeoutException($"job {job.JobId} still {job.State} at {job.Progress:P0}");
    }

    /// <summary>Everything a failed call must leave alone: examples per label, labels, head versions.</summary>
    public async Task<string> SnapshotAsync(string tenant, string key)
    {
        var headers = GatewayHostFixture.Bearer(key);
        var counts = await Examples.CountExamplesAsync(new CountExamplesRequest { Tenant = tenant }, headers);
        var labels = await Labels.ListLabelsAsync(new ListLabelsRequest { Tenant = tenant, IncludeRetired = true }, headers);
        var heads = await Training.ListHeadsAsync(new ListHeadsRequest { Tenant = tenant }, headers);
        return $"{counts} | {labels} | {heads}";
    }

    public static async Task<RpcException> FailsWith(StatusCode expected, Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<RpcException>(call);
        Assert.True(expected == error.StatusCode, $"expected {expected}, got {error.StatusCode}: {error.Status.Detail}");
        return error;
    }
}
