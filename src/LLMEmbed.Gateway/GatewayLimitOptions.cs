using LLMEmbed.Grains.Abstractions.Tenants;

namespace LLMEmbed.Gateway;

/// <summary>Default per-tenant limits (section "Gateway:DefaultLimits").</summary>
public sealed class GatewayLimitOptions
{
    public int RequestsPerSecond { get; set; } = TenantLimits.Default.RequestsPerSecond;
    public int TextsPerCall { get; set; } = TenantLimits.Default.TextsPerCall;
    public long MaxExamples { get; set; } = TenantLimits.Default.MaxExamples;
    public int MaxLabels { get; set; } = TenantLimits.Default.MaxLabels;

    public void Validate(string section)
    {
        if (RequestsPerSecond <= 0) throw new ArgumentException($"{section}:{nameof(RequestsPerSecond)} must be positive, got {RequestsPerSecond}.");
        if (TextsPerCall <= 0 || TextsPerCall > LLMEmbed.Grains.Abstractions.ClusterLimits.MaxTextsPerCall)
            throw new ArgumentException($"{section}:{nameof(TextsPerCall)} must be between 1 and {LLMEmbed.Grains.Abstractions.ClusterLimits.MaxTextsPerCall}, got {TextsPerCall}.");
        if (MaxExamples <= 0) throw new ArgumentException($"{section}:{nameof(MaxExamples)} must be positive, got {MaxExamples}.");
        if (MaxLabels < 2) throw new ArgumentException($"{section}:{nameof(MaxLabels)} must be at least 2, got {MaxLabels}.");
    }

    public TenantLimits ToLimits() => new(RequestsPerSecond, TextsPerCall, MaxExamples, MaxLabels);

    public override string ToString() => $"RequestsPerSecond={RequestsPerSecond}, TextsPerCall={TextsPerCall}, MaxExamples={MaxExamples}, MaxLabels={MaxLabels}";
}
