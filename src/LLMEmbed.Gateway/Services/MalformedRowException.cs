using LLMEmbed.Grains.Abstractions.Errors;

namespace LLMEmbed.Gateway.Services;

/// <summary>
/// A row of an import body that cannot be read (bad JSON, wrong columns). InvalidArgument like any bad
/// row; it carries its file line so the import error names the line once. Never crosses a grain.
/// </summary>
public sealed class MalformedRowException(long line, string field, string message) : InvalidRequestException(message, field)
{
    public long Line { get; } = line;
}
