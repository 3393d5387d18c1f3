namespace LLMEmbed.Grains.Abstractions.Errors;

// Typed errors that cross grain and process boundaries. The gateway maps each kind to one
// gRPC status in a single place; anything else is a bug and surfaces as Internal.

/// <summary>Base for domain errors a caller can act on.</summary>
[GenerateSerializer, Alias("llmembed.errors.LLMEmbedException")]
public abstract class LLMEmbedException : Exception
{
    protected LLMEmbedException(string message) : base(message) { }
}

/// <summary>The tenant, label, job or head version does not exist. gRPC NotFound.</summary>
[GenerateSerializer, Alias("llmembed.errors.NotFoundException")]
public sealed class NotFoundException(string message) : LLMEmbedException(message);

/// <summary>The request is malformed (empty text, unknown label, duplicate names ...). gRPC InvalidArgument.</summary>
[GenerateSerializer, Alias("llmembed.errors.InvalidRequestException")]
public class InvalidRequestException(string message, string field) : LLMEmbedException(message)
{
    [Id(0)] public string Field { get; } = field;
}

/// <summary>
/// A text is longer than the backbone takes and the caller did not allow truncation. An
/// <see cref="InvalidRequestException"/> (gRPC InvalidArgument) that also carries the numbers,
/// so a caller that forwarded a subset of its texts can name the text by its own index.
/// </summary>
[GenerateSerializer, Alias("llmembed.errors.TextTooLongException")]
public sealed class TextTooLongException(int index, int tokens, int maxTokens, string backbone)
    : InvalidRequestException(
        $"texts[{index}] has {tokens} tokens; backbone '{backbone}' takes at most {maxTokens}. Shorten the text or allow truncation.",
        $"texts[{index}]")
{
    [Id(0)] public int Index { get; } = index;
    [Id(1)] public int Tokens { get; } = tokens;
    [Id(2)] public int MaxTokens { get; } = maxTokens;
    [Id(3)] public string Backbone { get; } = backbone;

    /// <summary>The same error for the same text at another position of the caller's request.</summary>
    public TextTooLongException AtIndex(int callerIndex) => new(callerIndex, Tokens, MaxTokens, Backbone);
}

/// <summary>The request is valid but the tenant's state does not allow it yet. gRPC FailedPrecondition.</summary>
[GenerateSerializer, Alias("llmembed.errors.PreconditionFailedException")]
public sealed class PreconditionFailedException(string message) : LLMEmbedException(message);

/// <summary>
/// A tenant or cluster limit was hit; the message names the limit. gRPC ResourceExhausted. A limit that
/// frees itself with time (a rate) says when to retry; one that does not (a size, a count) leaves it null.
/// </summary>
[GenerateSerializer, Alias("llmembed.errors.LimitExceededException")]
public sealed class LimitExceededException(string message, string limit, TimeSpan? retryAfter = null) : LLMEmbedException(message)
{
    [Id(0)] public string Limit { get; } = limit;
    [Id(1)] public TimeSpan? RetryAfter { get; } = retryAfter;
}

/// <summary>The tenant already exists. gRPC AlreadyExists.</summary>
[GenerateSerializer, Alias("llmembed.errors.AlreadyExistsException")]
public sealed class AlreadyExistsException(string message) : LLMEmbedException(message);

/// <summary>
/// The grain storage provider (Redis, PostgreSQL) could not be reached; nothing of the call was stored.
/// Safe to retry once it is back. gRPC Unavailable.
/// </summary>
[GenerateSerializer, Alias("llmembed.errors.StorageUnavailableException")]
public sealed class StorageUnavailableException(string message) : LLMEmbedException(message);
