using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using LLMEmbed.Grains.Abstractions.Backbones;
using LLMEmbed.Grains.Abstractions.Errors;
using RpcStatus = Google.Rpc.Status;
using GrpcStatus = Grpc.Core.Status;

using LimitExceededException = LLMEmbed.Grains.Abstractions.Errors.LimitExceededException;

namespace LLMEmbed.Gateway.Errors;

/// <summary>
/// The one table from domain errors to gRPC statuses. Anything not listed is a bug: the client gets
/// Internal with an error id that is also logged, never the exception text.
/// </summary>
public static class ErrorStatusMapper
{
    /// <summary>Trailer naming the limit that was hit (ResourceExhausted).</summary>
    public const string LimitTrailer = "llmembed-limit";

    /// <summary>
    /// Trailer (HTTP: the Retry-After header) with the whole seconds to wait before retrying, on limits that
    /// free themselves with time (a rate, a full queue); absent on limits that retrying cannot pass.
    /// </summary>
    public const string RetryAfterTrailer = "retry-after";

    /// <summary>The mapped exception, or null when it is unexpected (then the caller logs it and returns Internal).</summary>
    public static RpcException? TryMap(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            RpcException rpc => rpc,
            InvalidRequestException e => BadRequest(e.Message, e.Field),
            NotFoundException e => Plain(StatusCode.NotFound, e.Message),
            PreconditionFailedException e => Plain(StatusCode.FailedPrecondition, e.Message),
            LimitExceededException e => new RpcException(new GrpcStatus(StatusCode.ResourceExhausted, e.Message), LimitTrailers(e.Limit, e.RetryAfter)),
            AlreadyExistsException e => Plain(StatusCode.AlreadyExists, e.Message),
            BackboneOverloadedGrainException e => new RpcException(
                new GrpcStatus(StatusCode.ResourceExhausted, $"backbone {e.BackboneId} is overloaded (queue capacity {e.Capacity}); retry shortly."),
                LimitTrailers("backbone_queue", TimeSpan.FromSeconds(1))),
            NoBackboneReplicaException e => Plain(StatusCode.Unavailable, e.Message),
            StorageUnavailableException e => Plain(StatusCode.Unavailable, e.Message),
            // A silo died or refused the message: the call never completed there, so it is safe to retry.
            Orleans.Runtime.OrleansMessageRejectionException e => Plain(StatusCode.Unavailable, $"a silo serving this call is unavailable ({e.GetType().Name}); retry shortly."),
            Orleans.Runtime.Messaging.ConnectionFailedException e => Plain(StatusCode.Unavailable, $"the cluster connection failed ({e.Message}); retry shortly."),
            OperationCanceledException => Plain(StatusCode.Cancelled, "the call was cancelled."),
            TimeoutException e => Plain(StatusCode.DeadlineExceeded, e.Message),
            _ => null,
        };
    }

    public static RpcException Internal(string errorId) =>
        Plain(StatusCode.Internal, $"internal error {errorId}; the gateway log has the details under this id.");

    private static RpcException Plain(StatusCode code, string message) => new(new GrpcStatus(code, message));

    /// <summary>Retry-After counts whole seconds (RFC 9110), so a wait under one second is sent as 1.</summary>
    private static Metadata LimitTrailers(string limit, TimeSpan? retryAfter)
    {
        var trailers = new Metadata { { LimitTrailer, limit } };
        if (retryAfter is { } wait)
            trailers.Add(RetryAfterTrailer, Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture));
        return trailers;
    }

    /// <summary>InvalidArgument carrying a google.rpc.BadRequest field violation in the status details trailer.</summary>
    private static RpcException BadRequest(string message, string field)
    {
        var status = new RpcStatus
        {
            Code = (int)StatusCode.InvalidArgument,
            Message = message,
            Details = { Any.Pack(new BadRequest { FieldViolations = { new BadRequest.Types.FieldViolation { Field = field, Description = message } } }) },
        };
        return status.ToRpcException();
    }
}
