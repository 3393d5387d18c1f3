namespace LLMEmbed.Host.Hosting;

/// <summary>Section "Telemetry": where traces and metrics go.</summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    /// <summary>OTLP collector address; when set, telemetry goes there instead of the console.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>Write traces and metrics to the console when no OTLP endpoint is set.</summary>
    public bool Console { get; set; } = true;

    public string ServiceName { get; set; } = "llmembed";

    public void Validate()
    {
        if (!string.IsNullOrWhiteSpace(OtlpEndpoint) && !Uri.TryCreate(OtlpEndpoint, UriKind.Absolute, out _))
            throw new ArgumentException($"{SectionName}:{nameof(OtlpEndpoint)} must be an absolute URI, got \"{OtlpEndpoint}\".");
    }

    public override string ToString() => $"OtlpEndpoint={(string.IsNullOrWhiteSpace(OtlpEndpoint) ? "none" : OtlpEndpoint)}, Console={Console}, ServiceName={ServiceName}";
}
