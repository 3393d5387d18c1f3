using System.Globalization;
using System.Text.RegularExpressions;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using LLMEmbed.Gateway.Errors;
using LLMEmbed.Grains.Abstractions.Errors;

namespace LLMEmbed.Gateway.Services;

/// <summary>
/// The error that ends an import: the cause's own status (InvalidArgument for a bad row,
/// ResourceExhausted for a full tenant ...), its message naming the row once (its file line when the
/// client sent lines, else its 1-based stream row), how many rows were committed and where to resume;
/// trailers <see cref="RowTrailer"/>, <see cref="CommittedTrailer"/> and <see cref="ResumeLineTrailer"/>.
/// </summary>
internal static partial class ImportFailure
{
    public const string RowTrailer = "llmembed-import-row";
    public const string CommittedTrailer = "llmembed-import-committed";
    public const string ResumeLineTrailer = "llmembed-import-resume-line";
    private const string StatusDetailsTrailer = "grpc-status-details-bin";

    /// <param name="row">1-based stream row the error is about.</param>
    /// <param name="line">That row's file line, when known.</param>
    /// <param name="committed">Rows of this import committed, earlier runs included.</param>
    /// <param name="resumeLine">File line of the first row not committed, when known.</param>
    public static Exception At(Exception error, long row, long? line, long committed, long? resumeLine, bool resumable)
    {
        var mapped = ErrorStatusMapper.TryMap(error);
        if (mapped is null) return error; // a bug: let the error interceptor log it and answer Internal
        var where = line is { } l ? $"line {l}" : $"row {row}";
        var detail = ExamplePrefix().Replace(mapped.Status.Detail, "");
        var resume = resumeLine is { } r ? $"resume from line {r}" : $"resume after row {committed}";
        var message = $"{where}: {detail} Import stopped: {committed} rows are committed; {resume}" +
                      (resumable ? " (llmembed import --resume)." : ".");
        var status = new Google.Rpc.Status { Code = (int)mapped.StatusCode, Message = message };
        if (mapped.StatusCode == StatusCode.InvalidArgument && error is InvalidRequestException invalid)
        {
            var field = ExamplePrefix().Replace(invalid.Field, "");
            status.Details.Add(Any.Pack(new BadRequest { FieldViolations = { new BadRequest.Types.FieldViolation { Field = field, Description = message } } }));
        }
        var rpc = status.ToRpcException();
        rpc.Trailers.Add(RowTrailer, row.ToString(CultureInfo.InvariantCulture));
        rpc.Trailers.Add(CommittedTrailer, committed.ToString(CultureInfo.InvariantCulture));
        if (resumeLine is { } resumeAt) rpc.Trailers.Add(ResumeLineTrailer, resumeAt.ToString(CultureInfo.InvariantCulture));
        // The mapped error's own status details would be a second, stale copy of the status: keep the other trailers only.
        foreach (var trailer in mapped.Trailers.Where(t => t.Key != StatusDetailsTrailer)) rpc.Trailers.Add(trailer);
        return rpc;
    }

    /// <summary>The index of the example a grain error names ("examples[3].label" → 3), if any.</summary>
    public static int? ExampleIndex(Exception error) =>
        error is InvalidRequestException invalid && ExampleField().Match(invalid.Field) is { Success: true } m
            ? int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)
            : null;

    /// <summary>The same error with the example index moved by <paramref name="offset"/> (a piece's start in its request).</summary>
    public static InvalidRequestException Shift(InvalidRequestException error, int offset)
    {
        string Move(string text) => ExampleField().Replace(text, m =>
            $"{m.Groups[1].Value}[{int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) + offset}]");
        return new InvalidRequestException(Move(error.Message), Move(error.Field));
    }

    [GeneratedRegex(@"^(examples|texts)\[(\d+)\]")]
    private static partial Regex ExampleField();

    /// <summary>"examples[3]." or "texts[3] " at the start of a message or field: the row is named separately.</summary>
    [GeneratedRegex(@"^(?:examples|texts)\[\d+\][. ]?")]
    private static partial Regex ExamplePrefix();
}
