using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Rpc;
using Grpc.Core;
using LLMEmbed.Gateway.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LLMEmbed.Gateway.Http;

/// <summary>
/// Errors of the gateway's own HTTP routes, in the body JSON transcoding writes: a google.rpc.Status
/// as JSON (<c>{"code", "message", "details"}</c>, a BadRequest detail naming the field), through the
/// same <see cref="ErrorStatusMapper"/> table as every gRPC call.
/// </summary>
public sealed class HttpErrorWriter(ILogger<HttpErrorWriter> logger)
{
    public static readonly TypeRegistry DetailTypes = TypeRegistry.FromMessages(BadRequest.Descriptor, ErrorInfo.Descriptor);
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithTypeRegistry(DetailTypes));

    /// <summary>Writes the mapped error; an unexpected exception is logged under an id and answered 500 with that id only.</summary>
    public Task WriteAsync(HttpContext context, Exception exception)
    {
        var mapped = ErrorStatusMapper.TryMap(exception);
        if (mapped is null)
        {
            var errorId = Guid.NewGuid().ToString("N")[..12];
            logger.LogError(exception, "Unhandled error {ErrorId} in HTTP {Method} {Path}", errorId, context.Request.Method, context.Request.Path);
            mapped = ErrorStatusMapper.Internal(errorId);
        }
        return WriteAsync(context, mapped);
    }

    public static Task WriteAsync(HttpContext context, RpcException error)
    {
        var status = error.GetRpcStatus() ?? new Google.Rpc.Status { Code = (int)error.StatusCode, Message = error.Status.Detail };
        // Plain trailers (the limit hit, an import's bad row and committed count) become response headers.
        foreach (var trailer in error.Trailers.Where(t => !t.IsBinary))
            context.Response.Headers[trailer.Key] = trailer.Value;
        return WriteStatusAsync(context, GrpcHttpStatus.For(error.StatusCode), status);
    }

    /// <summary>An InvalidArgument-shaped body for problems found before any service runs (size, JSON syntax).</summary>
    public static Task WriteBadRequestAsync(HttpContext context, int httpStatus, StatusCode code, string field, string message)
    {
        var status = new Google.Rpc.Status { Code = (int)code, Message = message };
        status.Details.Add(Google.Protobuf.WellKnownTypes.Any.Pack(new BadRequest
        {
            FieldViolations = { new BadRequest.Types.FieldViolation { Field = field, Description = message } },
        }));
        return WriteStatusAsync(context, httpStatus, status);
    }

    private static async Task WriteStatusAsync(HttpContext context, int httpStatus, Google.Rpc.Status status)
    {
        if (context.Response.HasStarted) throw new InvalidOperationException($"cannot report \"{status.Message}\": the response has started.");
        context.Response.StatusCode = httpStatus;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(Formatter.Format(status), context.RequestAborted);
    }
}
