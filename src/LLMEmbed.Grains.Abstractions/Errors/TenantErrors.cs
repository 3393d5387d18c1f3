namespace LLMEmbed.Grains.Abstractions.Errors;

// Typed errors that cross grain and process boundaries. The gateway maps each kind to one
// gRPC status in a single place; anything else is a bug and surfaces as Internal.

/// <summary>Base for domain errors a caller can act on.</summary>
[GenerateSerializer]
public abstract class LLMEmbedException : Exception
{
    protected LLMEmbedException(string message) : base(message) { }
}

/// <summary>The tenant, label, job or head version does not exist. gRPC NotFound.</summary>
[GenerateSerializer]
public sealed class NotFoundException(string message) : LLMEmbedException(message);

/// <summary>The request is malformed (empty text, unknown label, duplicate names ...). gRPC InvalidArgument.</summary>
[GenerateSerializer]
public sealed class InvalidRequestException(string message, string field) : LLMEmbedException(message)
{
    [Id(0)] public string Field { get; } = field;
}

/// <summary>The request is valid but the tenant's state does not allow it yet. gRPC FailedPrecondition.</summary>
[GenerateSerializer]
public sealed class PreconditionFailedException(string message) : LLMEmbedException(message);

/// <summary>A tenant or cluster limit was hit; the message names the limit. gRPC ResourceExhausted.</summary>
[GenerateSerializer]
public sealed class LimitExceededException(string message, string limit) : LLMEmbedException(message)
{
    [Id(0)] public string Limit { get; } = limit;
}

/// <summary>The tenant already exists. gRPC AlreadyExists.</summary>
[GenerateSerializer]
public sealed class AlreadyExistsException(string message) : LLMEmbedException(message);
