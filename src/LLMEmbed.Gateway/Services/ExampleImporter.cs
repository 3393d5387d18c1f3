using LLMEmbed.Gateway.Limits;
using LLMEmbed.Gateway.Security;
using LLMEmbed.Gateway.Telemetry;
using LLMEmbed.Grains.Abstractions.Errors;
using LLMEmbed.Grains.Abstractions.Tenants;
using LLMEmbed.Protos.V1;
using Microsoft.Extensions.Options;

namespace LLMEmbed.Gateway.Services;

/// <summary>
/// The bulk import shared by gRPC ImportExamples and the HTTP import route: rows are checked one by
/// one and committed to the tenant grain in chunks; the first bad row ends the import, the complete
/// chunks before its chunk stay committed and the rows of its chunk are dropped (see <see cref="ImportFailure"/>).
/// </summary>
public sealed class ExampleImporter(IGrainFactory grains, IOptions<GatewayOptions> options)
{
    /// <summary>Chunk size for a tenant: the gateway's, capped by the tenant's texts_per_call.</summary>
    public int ChunkSize(Caller caller) => Math.Min(options.Value.ImportChunkSize, caller.Info!.Limits.TextsPerCall);

    /// <param name="rows">Rows in order; an <see cref="InvalidRequestException"/> from the source (a malformed line) stops the import there as a bad row does.</param>
    /// <param name="truncate">Read at the first commit (gRPC learns it from the first stream message).</param>
    public async Task<AddExamplesResponse> ImportAsync(Caller caller, IAsyncEnumerable<LabeledExample> rows, Func<bool> truncate,
        CancellationToken cancellationToken)
    {
        var grain = grains.GetGrain<ITenantGrain>(caller.Tenant!);
        var chunkSize = ChunkSize(caller);
        var chunk = new List<LabeledExample>(chunkSize);
        long row = 0, committed = 0, total = caller.Info!.Examples;
        var truncated = 0;

        async Task FlushAsync()
        {
            if (chunk.Count == 0) return;
            var chunkStartRow = row - chunk.Count + 1;
            try
            {
                var result = await grain.AddExamples(chunk.ToArray(), truncate());
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

        await using var enumerator = rows.GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            try
            {
                if (!await enumerator.MoveNextAsync()) break;
            }
            catch (InvalidRequestException e)
            {
                throw ImportFailure.At(e, row + 1, committed, chunkSize);
            }
            var example = enumerator.Current;
            row++;
            try { RequestLimits.CheckExample(example.Text, example.Label, "example"); }
            catch (Exception e) { throw ImportFailure.At(e, row, committed, chunkSize); }
            chunk.Add(example);
            if (chunk.Count == chunkSize) await FlushAsync();
        }
        await FlushAsync();
        return new AddExamplesResponse { Accepted = committed, TotalExamples = total, Truncated = truncated };
    }
}
