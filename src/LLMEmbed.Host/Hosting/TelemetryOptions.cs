namespace LLMEmbed.Host.Hosting;

/// <summary>Section "Telemetry": where traces and metrics go.</summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";
    public const string Off = "off";
    public const string Summary = "summary";
    public const string Verbose = "verbose";

    /// <summary>OTLP collector address; when set, traces and metrics are exported there.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>
    /// What telemetry the console shows: "summary" (one line of key figures per
    /// <see cref="SummaryInterval"/>), "verbose" (also every trace and a full metrics dump from the
    /// OpenTelemetry console exporter) or "off". "true" and "false", the values of this key when it
    /// was a switch, read as "summary" and "off".
    /// </summary>
    public string Console { get; set; } = Summary;

    /// <summary>How often the console summary line is written.</summary>
    public TimeSpan SummaryInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Serve the metrics in Prometheus text format at /metrics on the operator address (<see cref="OperatorUrls"/>).</summary>
    public bool Prometheus { get; set; } = true;

    /// <summary>
    /// The operator address(es), ";"-separated http URLs with fixed ports: /metrics (tenant names are
    /// tags) and /healthz only, nothing else; /metrics is refused on every other port. Empty: none, and no /metrics.
    /// </summary>
    public string OperatorUrls { get; set; } = "http://localhost:9464";

    public string ServiceName { get; set; } = "llmembed";

    /// <summary><see cref="Console"/> normalised to <see cref="Off"/>, <see cref="Summary"/> or <see cref="Verbose"/>.</summary>
    public string ConsoleMode => Console.Trim().ToLowerInvariant() switch
    {
        Off or "false" => Off,
        Summary or "true" => Summary,
        Verbose => Verbose,
        _ => throw new ArgumentException($"{SectionName}:{nameof(Console)} must be \"{Summary}\", \"{Verbose}\" or \"{Off}\", got \"{Console}\"."),
    };

    public void Validate()
    {
        if (!string.IsNullOrWhiteSpace(OtlpEndpoint) && !Uri.TryCreate(OtlpEndpoint, UriKind.Absolute, out _))
            throw new ArgumentException($"{SectionName}:{nameof(OtlpEndpoint)} must be an absolute URI, got \"{OtlpEndpoint}\".");
        _ = ConsoleMode;
        _ = OperatorAddress.Parse(OperatorUrls);
        if (SummaryInterval < TimeSpan.FromSeconds(1) || SummaryInterval > TimeSpan.FromHours(24))
            throw new ArgumentException($"{SectionName}:{nameof(SummaryInterval)} must be between 00:00:01 and 1.00:00:00, got {SummaryInterval}.");
    }

    public override string ToString() =>
        $"OtlpEndpoint={(string.IsNullOrWhiteSpace(OtlpEndpoint) ? "none" : OtlpEndpoint)}, Console={ConsoleMode}, SummaryInterval={SummaryInterval}, " +
        $"Prometheus={(Prometheus && !string.IsNullOrWhiteSpace(OperatorUrls) ? "/metrics" : "off")}, OperatorUrls={(string.IsNullOrWhiteSpace(OperatorUrls) ? "none" : OperatorUrls)}, ServiceName={ServiceName}";
}
