using Grpc.Core;
using LLMEmbed.Gateway.Limits;
using LLMEmbed.Gateway.Security;
using LLMEmbed.Gateway.Telemetry;
using LLMEmbed.Grains.Abstractions.Tenants;
using LLMEmbed.Protos.V1;

namespace LLMEmbed.Gateway.Services;

/// <summary>
/// Examples. AddExamples is all-or-nothing (one tenant-grain call). ImportExamples re-chunks the
/// stream and commits chunk by chunk through <see cref="ExampleImporter"/>, as the HTTP import does.
/// </summary>
public sealed class ExamplesService(IGrainFactory grains, ExampleImporter importer) : Examples.ExamplesBase
{
    public override async Task<AddExamplesResponse> AddExamples(AddExamplesRequest request, ServerCallContext context)
    {
        var caller = context.TenantCaller();
        if (request.Examples.Count == 0)
            throw new Grains.Abstractions.Errors.InvalidRequestException("examples is empty; send at least one example.", "examples");
        RequestLimits.CheckCount(request.Examples.Count, caller.Info!.Limits);
        var examples = new LabeledExample[request.Examples.Count];
        for (var i = 0; i < examples.Length; i++)
        {
            var e = request.Examples[i];
            RequestLimits.CheckExample(e.Text, e.Label, $"examples[{i}]");
            examples[i] = new LabeledExample(e.Text, e.Label);
        }
        GatewayTelemetry.BatchSize.Record(examples.Length, new KeyValuePair<string, object?>("method", "AddExamples"));
        var result = await grains.GetGrain<ITenantGrain>(caller.Tenant!).AddExamples(examples, request.Truncate);
        return new AddExamplesResponse { Accepted = result.Accepted, TotalExamples = result.TotalExamples, Truncated = result.Truncated };
    }

    public override Task<AddExamplesResponse> ImportExamples(IAsyncStreamReader<ImportExamplesRequest> requestStream, ServerCallContext context)
    {
        var caller = context.TenantCaller();
        // Only the first message's truncate counts; the interceptor replays that message first.
        bool? truncate = null;
        async IAsyncEnumerable<LabeledExample> Rows()
        {
            while (await requestStream.MoveNext(context.CancellationToken))
            {
                truncate ??= requestStream.Current.Truncate;
                foreach (var example in requestStream.Current.Examples) yield return new LabeledExample(example.Text, example.Label);
            }
        }
        return importer.ImportAsync(caller, Rows(), () => truncate ?? false, context.CancellationToken);
    }

    public override async Task<CountExamplesResponse> CountExamples(CountExamplesRequest request, ServerCallContext context)
    {
        var counts = await grains.GetGrain<ITenantGrain>(context.TenantCaller().Tenant!).CountExamples();
        return new CountExamplesResponse { Total = counts.Total, PerLabel = { counts.PerLabel.ToDictionary() } };
    }
}
