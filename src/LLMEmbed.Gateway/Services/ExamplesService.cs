using Grpc.Core;
using LLMEmbed.Gateway.Limits;
using LLMEmbed.Gateway.Security;
using LLMEmbed.Gateway.Telemetry;
using LLMEmbed.Grains.Abstractions.Tenants;
using LLMEmbed.Protos.V1;
using Microsoft.Extensions.Options;

namespace LLMEmbed.Gateway.Services;

/// <summary>
/// Examples. AddExamples is all-or-nothing (one tenant-grain call). ImportExamples re-chunks the
/// stream and commits chunk by chunk; the first bad row ends the import, the complete chunks before
/// its chunk stay committed and the rows of its chunk are dropped (see <see cref="ImportFailure"/>).
/// </summary>
public sealed class ExamplesService(IGrainFactory grains, IOptions<GatewayOptions> options) : Examples.ExamplesBase
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

    public override async Task<AddExamplesResponse> ImportExamples(IAsyncStreamReader<ImportExamplesRequest> requestStream, ServerCallContext context)
    {
        var caller = context.TenantCaller();
        var grain = grains.GetGrain<ITenantGrain>(caller.Tenant!);
        var chunkSize = Math.Min(options.Value.ImportChunkSize, caller.Info!.Limits.TextsPerCall);
        var chunk = new List<LabeledExample>(chunkSize);
        bool? truncate = null;
        long row = 0, committed = 0, total = caller.Info.Examples;
        var truncated = 0;

        async Task FlushAsync()
        {
            if (chunk.Count == 0) return;
            var chunkStartRow = row - chunk.Count + 1;
            try
            {
                var result = await grain.AddExamples(chunk.ToArray(), truncate ?? false);
                committed += result.Accepted;
                total = result.TotalExamples;
                truncated += result.Truncated;
                GatewayTelemetry.ImportedRows.Add(result.Accepted);
            }
            catch (Exception e)
            {
                throw ImportFailure.AtChunk(e, chunkStartRow, committed, chunkSize);
            }
            chunk.Clear();
        }

        while (await requestStream.MoveNext(context.CancellationToken))
        {
            var message = requestStream.Current;
            truncate ??= message.Truncate;
            foreach (var example in message.Examples)
            {
                row++;
                try { RequestLimits.CheckExample(example.Text, example.Label, "example"); }
                catch (Exception e) { throw ImportFailure.At(e, row, committed, chunkSize); }
                chunk.Add(new LabeledExample(example.Text, example.Label));
                if (chunk.Count == chunkSize) await FlushAsync();
            }
        }
        await FlushAsync();
        return new AddExamplesResponse { Accepted = committed, TotalExamples = total, Truncated = truncated };
    }

    public override async Task<CountExamplesResponse> CountExamples(CountExamplesRequest request, ServerCallContext context)
    {
        var counts = await grains.GetGrain<ITenantGrain>(context.TenantCaller().Tenant!).CountExamples();
        return new CountExamplesResponse { Total = counts.Total, PerLabel = { counts.PerLabel.ToDictionary() } };
    }
}
