using Grpc.Core;

namespace LLMEmbed.Gateway.Errors;

/// <summary>
/// The statuses that answer a caller's own mistake or limit (the 4xx of gRPC): expected in normal
/// operation, so they are logged at Debug and without a stack trace.
/// </summary>
public static class ClientErrors
{
    public static bool Is(StatusCode status) => status is StatusCode.InvalidArgument or StatusCode.NotFound or StatusCode.AlreadyExists
        or StatusCode.FailedPrecondition or StatusCode.PermissionDenied or StatusCode.Unauthenticated or StatusCode.ResourceExhausted
        or StatusCode.OutOfRange or StatusCode.Cancelled or StatusCode.Aborted;
}
