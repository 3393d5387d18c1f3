using Grpc.Core;
using Grpc.Net.Client;
using LLMEmbed.Protos.V1;

namespace LLMEmbed.Gateway.Tests.HostProcess.TenantArchive;

/// <summary>What a tenant answers over gRPC, in forms two tenants can be compared by: classify answers, heads, tasks, stored rows.</summary>
internal sealed class TenantProbe(string endpoint, string tenant, string key) : IDisposable
{
    /// <summary>The README's quickstart texts (its CLI walkthrough classifies these).</summary>
    public static readonly string[] ReadmeTexts = ["OPEC agreed to cut crude output", "Quarterly net profit rose 12 pct", "The dollar fell against the yen"];

    private readonly GrpcChannel _channel = GrpcChannel.ForAddress(endpoint);
    private readonly Metadata _headers = new() { { "authorization", $"Bearer {key}" } };

    /// <summary>
    /// Every task's answer to the README's texts, as bytes: protobuf writes a float as its four IEEE bytes, so equal bytes
    /// are bitwise-equal probabilities (with equal labels and head versions). The per-call prediction ids are cleared.
    /// </summary>
    public async Task<ClassifyResponse> ClassifyAsync()
    {
        var response = await new Inference.InferenceClient(_channel).ClassifyAsync(
            new ClassifyRequest { Tenant = tenant, Texts = { ReadmeTexts }, Tasks = { "*" } }, _headers);
        foreach (var result in response.Results)
        {
            result.PredictionId = "";
            foreach (var task in result.Tasks) task.PredictionId = "";
        }
        return response;
    }

    public async Task<ListHeadsResponse> HeadsAsync(string task = "") =>
        await new Training.TrainingClient(_channel).ListHeadsAsync(new ListHeadsRequest { Tenant = tenant, Task = task }, _headers);

    public async Task<ListTasksResponse> TasksAsync() =>
        await new Tasks.TasksClient(_channel).ListTasksAsync(new ListTasksRequest { Tenant = tenant }, _headers);

    public async Task<LabelsResponse> LabelsAsync() =>
        await new Labels.LabelsClient(_channel).ListLabelsAsync(new ListLabelsRequest { Tenant = tenant, IncludeRetired = true }, _headers);

    /// <summary>Every stored row (id, text, label, source ...), page by page.</summary>
    public async Task<List<StoredExample>> ExamplesAsync()
    {
        var client = new Examples.ExamplesClient(_channel);
        var rows = new List<StoredExample>();
        var token = "";
        do
        {
            var page = await client.ListExamplesAsync(new ListExamplesRequest { Tenant = tenant, PageSize = 500, PageToken = token }, _headers);
            rows.AddRange(page.Examples);
            token = page.NextPageToken;
        } while (token.Length > 0);
        return rows;
    }

    /// <summary>The answers' probabilities as float bits, for a failure message that shows where two tenants differ.</summary>
    public static string Bits(ClassifyResponse response) => string.Join("; ", response.Results.SelectMany(r => r.Tasks.Prepend(r))
        .Select(c => $"{c.Task}:{c.Label}=" + string.Join(",", c.Probabilities.Select(p => $"{p.Label}:{BitConverter.SingleToInt32Bits(p.Probability):x8}"))));

    public void Dispose() => _channel.Dispose();
}
