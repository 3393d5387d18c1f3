using LLMEmbed.Gateway.Hosting;
using LLMEmbed.Gateway.Security;
using LLMEmbed.Grains.Abstractions.Errors;
using LLMEmbed.Grains.Abstractions.Tenants;
using LLMEmbed.Protos.V1;
using Microsoft.Extensions.Options;

namespace LLMEmbed.Gateway.Services;

/// <summary>How an import starts: read from the first gRPC message, or from the HTTP query.</summary>
public sealed record ImportStart(bool Truncate, string? ImportId, bool Resume, bool Unlabelled = false);

/// <summary>One row of an import with its line in the client's file, when the client knows it, and its labels for named tasks.</summary>
public sealed record ImportRow(string Text, string Label, long? Line, IReadOnlyList<Grains.Abstractions.Tenants.TaskLabel>? Tasks = null);

/// <summary>
/// The bulk import shared by gRPC ImportExamples and the HTTP import route: rows go through one
/// <see cref="ImportPipeline"/> (bounded chunks in flight to the tenant grain, which stores them in stream
/// order, resumable by import id). A malformed row from the source (an <see cref="InvalidRequestException"/> while reading) stops
/// the import there as a bad row does: what came before it is stored, and the error says so.
/// </summary>
public sealed class ExampleImporter(IGrainFactory grains, IOptions<GatewayOptions> options, GatewayDrain drain) : IDisposable
{
    public const string ConcurrentImportsLimit = "concurrent_imports";

    // Each open import holds chunks in flight in this process: their number bounds the gateway's memory.
    private readonly SemaphoreSlim _open = new(options.Value.MaxConcurrentImports, options.Value.MaxConcurrentImports);

    public void Dispose() => _open.Dispose();

    public async Task<AddExamplesResponse> ImportAsync(Caller caller, ImportStart start, IAsyncEnumerable<ImportRow> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(rows);
        if (!_open.Wait(0))
            throw new Grains.Abstractions.Errors.LimitExceededException(
                $"{ConcurrentImportsLimit} limit ({options.Value.MaxConcurrentImports} imports open on this gateway, Gateway:MaxConcurrentImports) reached; retry shortly.",
                ConcurrentImportsLimit, TimeSpan.FromSeconds(5));
        try
        {
            return await ImportOpenAsync(caller, start, rows, cancellationToken);
        }
        finally
        {
            _open.Release();
        }
    }

    private async Task<AddExamplesResponse> ImportOpenAsync(Caller caller, ImportStart start, IAsyncEnumerable<ImportRow> rows, CancellationToken cancellationToken)
    {
        using var call = drain.Enter(); // the HTTP route does not pass the gRPC interceptors
        var grain = grains.GetGrain<ITenantGrain>(caller.Tenant!);
        var pipeline = await StartAsync(grain, caller.Info!, start, cancellationToken);
        // Reading stops when the gateway stops; storing what was read does not (it runs on the call's own token).
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, drain.Stopping);
        await using var enumerator = rows.GetAsyncEnumerator(reading.Token);
        while (true)
        {
            try
            {
                if (drain.IsStopping) throw new OperationCanceledException(drain.Stopping);
                if (!await enumerator.MoveNextAsync()) break;
            }
            catch (Exception e) when (e is InvalidRequestException or Grpc.Core.RpcException { StatusCode: Grpc.Core.StatusCode.Unauthenticated or Grpc.Core.StatusCode.PermissionDenied })
            {
                // A bad row, or a key no longer valid at a later message: what came before is stored, the error says how much.
                throw await pipeline.FailAsync(e);
            }
            catch (OperationCanceledException) when (drain.IsStopping && !cancellationToken.IsCancellationRequested)
            {
                throw await pipeline.StopAsync(GatewayDrain.Refused());
            }
            var row = enumerator.Current;
            var example = new Example { Text = row.Text, Label = row.Label };
            if (row.Tasks is not null) example.TaskLabels.AddRange(row.Tasks.Select(t => new Protos.V1.TaskLabel { Task = t.Task, Labels = { t.Labels } }));
            await pipeline.AddAsync(example, row.Line);
        }
        return await pipeline.CompleteAsync();
    }

    /// <summary>An import id with committed rows continues only when resuming, so a re-run never duplicates rows by accident.</summary>
    private async Task<ImportPipeline> StartAsync(ITenantGrain grain, TenantInfo info, ImportStart start, CancellationToken ct)
    {
        var importId = ImportIds.Checked(start.ImportId); // refused before any grain call or model work
        if (importId is null && start.Resume) throw new InvalidRequestException("resume needs the import_id of the import to continue.", "resume");
        long skip = 0;
        if (importId is not null)
        {
            skip = (await grain.GetImport(importId)).CommittedRows;
            if (skip > 0 && !start.Resume)
                throw new PreconditionFailedException(
                    $"This file was imported before: {skip} of its rows are already committed (import {importId}). " +
                    "Continue after them with --resume (resume=true), or import it again as new rows with --again.");
        }
        var commitRows = Math.Max(info.TextsPerGrainCall, options.Value.ImportChunkSize);
        return new ImportPipeline(grain, info, commitRows, start.Truncate, importId, skip, OverloadRetry.Default, ct, start.Unlabelled, drain.Deadline);
    }
}
