using System.ComponentModel.DataAnnotations;

namespace LLMEmbed.Core.Backbones;

/// <summary>A token limit: 0 (or unset) for the manifest's, else at least 2 (a special token and one of text).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class TokenLimitAttribute() : ValidationAttribute("{0} must be 0 (the manifest's) or at least 2.")
{
    public override bool IsValid(object? value) => value is null or 0 or >= 2;
}
