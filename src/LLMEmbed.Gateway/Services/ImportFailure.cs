using System.Globalization;
using System.Text.RegularExpressions;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using LLMEmbed.Gateway.Errors;
using LLMEmbed.Grains.Abstractions.Errors;

namespace LLMEmbed.Gateway.Services;

/// <summary>
/// The error that ends an import at a bad row: the row's own status (InvalidArgument for a bad row,
/// ResourceExhausted for a full tenant ...), its message prefixed with the 1-based row number, and
/// trailers <see cref="RowTrailer"/> and <see cref="CommittedTrailer"/>.
/// </summary>
internal static partial class ImportFailure
{
    public const string RowTrailer = "llmembed-import-row";
    public const string CommittedTrailer = "llmembed-import-committed";
    private const string StatusDetailsTrailer = "grpc-status-details-bin";

    /// <param name="chunkStartRow">Row number of the first row in the failed chunk.</param>
    public static Exception AtChunk(Exception error, long chunkStartRow, long committed, int chunkSize)
    {
        // The tenant grain names the bad example as "examples[i]..."; turn that into a stream row number.
        var row = chunkStartRow;
        if (error is InvalidRequestException invalid && ExampleIndex().Match(invalid.Field) is { Success: true } m)
            row += long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        return At(error, row, committed, chunkSize);
    }

    public static Exception At(Exception error, long row, long committed, int chunkSize)
    {
        var mapped = ErrorStatusMapper.TryMap(error);
        if (mapped is null) return error; // a bug: let the error interceptor log it and answer Internal
        var message = $"row {row}: {mapped.Status.Detail} Import stopped; {committed} rows before it were committed " +
                      $"(in chunks of {chunkSize}); the rows of its chunk were not.";
        var field = error is InvalidRequestException e ? $"row {row}: {e.Field}" : $"row {row}";
        var status = new Google.Rpc.Status { Code = (int)mapped.StatusCode, Message = message };
        if (mapped.StatusCode == StatusCode.InvalidArgument)
            status.Details.Add(Any.Pack(new BadRequest { FieldViolations = { new BadRequest.Types.FieldViolation { Field = field, Description = message } } }));
        var rpc = status.ToRpcException();
        rpc.Trailers.Add(RowTrailer, row.ToString(CultureInfo.InvariantCulture));
        rpc.Trailers.Add(CommittedTrailer, committed.ToString(CultureInfo.InvariantCulture));
        // The mapped error's own status details would be a second, stale copy of the status: keep the other trailers only.
        foreach (var trailer in mapped.Trailers.Where(t => t.Key != StatusDetailsTrailer)) rpc.Trailers.Add(trailer);
        return rpc;
    }

    [GeneratedRegex(@"^(?:examples|texts)\[(\d+)\]")]
    private static partial Regex ExampleIndex();
}
