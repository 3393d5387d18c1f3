using System.Runtime.CompilerServices;
using Grpc.Core;
using LLMEmbed.Gateway.Limits;
using LLMEmbed.Gateway.Security;
using LLMEmbed.Gateway.Telemetry;
using LLMEmbed.Grains.Abstractions.Errors;
using LLMEmbed.Grains.Abstractions.Tenants;
using LLMEmbed.Protos.V1;
using Microsoft.Extensions.Options;

namespace LLMEmbed.Gateway.Services;

/// <summary>
/// Examples. AddExamples is all-or-nothing: its rows go to the tenant grain in bounded chunks that are
/// featurized and held there, then stored in one write when every chunk succeeded. ImportExamples streams
/// through <see cref="ExampleImporter"/> (as the HTTP import does): chunks in flight, stored in stream order,
/// and with an import id the committed rows are recorded for --resume.
/// </summary>
public sealed partial class ExamplesService(IGrainFactory grains, ExampleImporter importer, TenantAuthenticator keys, TenantTextsInFlight inFlight) : Examples.ExamplesBase
{
    public override async Task<AddExamplesResponse> AddExamples(AddExamplesRequest request, ServerCallContext context)
    {
        var caller = context.TenantCaller();
        var info = caller.Info!;
        if (request.Examples.Count == 0) throw new InvalidRequestException("examples is empty; send at least one example.", "examples");
        RequestLimits.CheckCount(request.Examples.Count, info.Limits);
        var examples = request.Examples.Select((e, i) => RequestLimits.CheckExample(e.Text, e.Label, info, request.Truncate, $"examples[{i}]", request.Unlabelled, e.TaskLabels.FromProto()))
            .Select(r => r.Example with { Cut = r.Cut }).ToArray();
        GatewayTelemetry.BatchSize.Record(examples.Length, new KeyValuePair<string, object?>("method", "AddExamples"));
        RequestIds.Checked(request.RequestId); // refused before any model work
        using var admitted = inFlight.Enter(caller.Tenant!, examples.Length);
        var grain = grains.GetGrain<ITenantExamplesGrain>(caller.Tenant!);
        var result = await AddOnceAsync(grain, examples, info.TextsPerGrainCall, request, context.CancellationToken);
        // A silo that died can take the grain directory's entry for the tenant with it, so the end of the call
        // reaches a new activation that never saw the featurized rows: the one write stored none of them, so
        // sending them all again once stores each exactly once (with a request id, a write that did land answers as it did).
        if (result.Accepted == 0) result = await AddOnceAsync(grain, examples, info.TextsPerGrainCall, request, context.CancellationToken);
        if (result.Accepted != examples.Length) throw ImportPipeline.LostRows();
        return new AddExamplesResponse { Accepted = result.Accepted, TotalExamples = result.TotalExamples, Truncated = result.Truncated, Windows = result.Windows };
    }

    /// <summary>One all-or-nothing attempt: every chunk featurized and held, then one write (Accepted 0 when the rows were lost).</summary>
    private static async Task<AddExamplesResult> AddOnceAsync(ITenantExamplesGrain grain, LabeledExample[] examples, int perCall,
        AddExamplesRequest request, CancellationToken ct)
    {
        var stream = Guid.NewGuid().ToString("N");
        try
        {
            // No chunk is a commit point: the rows wait in the grain until the end stores them all.
            await RequestPieces.MapAsync(examples.Length, perCall, (start, count, token) => InferenceService.InRequestTerms(start,
                () => grain.ImportRows(new ImportChunk(stream, start / perCall, start, examples[start..(start + count)], request.Truncate, Unlabelled: request.Unlabelled,
                    RequestId: RequestIds.Checked(request.RequestId)), token)),
                ct);
        }
        catch
        {
            await grain.EndImport(stream, store: false);
            throw;
        }
        return await grain.EndImport(stream, store: true);
    }

    public override async Task<AddExamplesResponse> ImportExamples(IAsyncStreamReader<ImportExamplesRequest> requestStream, ServerCallContext context)
    {
        var caller = context.TenantCaller();
        if (!await requestStream.MoveNext(context.CancellationToken)) return new AddExamplesResponse { TotalExamples = caller.Info!.Examples };
        // The first message's settings count for the whole stream (the auth interceptor replays it first).
        var first = requestStream.Current;
        var key = BearerToken.From(context.RequestHeaders);
        async IAsyncEnumerable<ImportRow> Rows([EnumeratorCancellation] CancellationToken token = default)
        {
            var message = first;
            while (true)
            {
                if (message.Lines.Count != 0 && message.Lines.Count != message.Examples.Count)
                    throw new InvalidRequestException($"lines: {message.Lines.Count} line numbers for {message.Examples.Count} examples; send one per example or none.", "lines");
                for (var i = 0; i < message.Examples.Count; i++)
                    yield return new ImportRow(message.Examples[i].Text, message.Examples[i].Label, message.Lines.Count == 0 ? null : message.Lines[i], message.Examples[i].TaskLabels.FromProto());
                if (!await requestStream.MoveNext(token)) yield break;
                message = requestStream.Current;
                // The key again at every message (a cache hit but once a second): a key rotated or a tenant deleted meanwhile stops the stream here.
                await keys.AuthenticateAsync(caller.Tenant, key, context.GetHttpContext().Connection.RemoteIpAddress);
            }
        }
        return await importer.ImportAsync(caller, new ImportStart(first.Truncate, first.ImportId, first.Resume, first.Unlabelled), Rows(), context.CancellationToken);
    }

    public override async Task<ImportStatus> GetImport(GetImportRequest request, ServerCallContext context)
    {
        if (string.IsNullOrWhiteSpace(request.ImportId)) throw new InvalidRequestException("import_id is required.", "import_id");
        var progress = await grains.GetGrain<ITenantExamplesGrain>(context.TenantCaller().Tenant!).GetImport(request.ImportId);
        return new ImportStatus { ImportId = progress.ImportId, CommittedRows = progress.CommittedRows };
    }

    public override async Task<CountExamplesResponse> CountExamples(CountExamplesRequest request, ServerCallContext context)
    {
        var counts = await grains.GetGrain<ITenantExamplesGrain>(context.TenantCaller().Tenant!).CountExamples(request.Task.TaskOrNull());
        return new CountExamplesResponse { Total = counts.Total, PerLabel = { counts.PerLabel.ToDictionary() }, PerSource = { (counts.PerSource ?? new Dictionary<string, long>()).ToDictionary() } };
    }
}
