using Microsoft.Extensions.Options;

namespace LLMEmbed.Core;

/// <summary>Runs a generated options validator and words its failures with the configuration key each names.</summary>
public static class OptionsCheck
{
    /// <summary>
    /// The failures of <paramref name="validator"/> on <paramref name="options"/>, each led by its key
    /// ("Batching:TokenBudget: The field TokenBudget must be between 1 and 2147483647."); empty when valid.
    /// </summary>
    /// <param name="section">The configuration section of the options, or null for options that are not configured.</param>
    public static IReadOnlyList<string> Failures<T>(IValidateOptions<T> validator, T options, string? section) where T : class
    {
        ArgumentNullException.ThrowIfNull(validator);
        ArgumentNullException.ThrowIfNull(options);
        var result = validator.Validate(Options.DefaultName, options);
        if (!result.Failed) return [];
        var failures = result.Failures ?? [result.FailureMessage];
        return [.. failures.Select(f => section is null ? f : $"{section}:{f}")];
    }

    /// <summary>Throws <see cref="ArgumentException"/> listing every failure when <paramref name="options"/> is invalid (offline, where options arrive as an argument).</summary>
    public static void ThrowIfInvalid<T>(IValidateOptions<T> validator, T options, string? section = null) where T : class
    {
        var failures = Failures(validator, options, section);
        if (failures.Count > 0) throw new ArgumentException(string.Join(" ", failures));
    }
}
