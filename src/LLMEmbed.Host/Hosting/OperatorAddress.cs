namespace LLMEmbed.Host.Hosting;

/// <summary>
/// The operator address (Telemetry:OperatorUrls): where Prometheus scrapes /metrics, away from the
/// port tenants reach, because the metrics carry tenant names. Ports are fixed (not 0) so that a
/// request's local port tells which door it came through; the Host header could be forged.
/// </summary>
public static class OperatorAddress
{
    public const string MetricsPath = "/metrics";
    public const string HealthPath = "/healthz";

    /// <summary>The URLs and their ports; throws on a non-http URL or port 0.</summary>
    public static IReadOnlyList<(string Url, int Port)> Parse(string? urls)
    {
        var parsed = new List<(string, int)>();
        foreach (var url in (urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var normalised = url.Replace("://*", "://0.0.0.0").Replace("://+", "://0.0.0.0");
            if (!Uri.TryCreate(normalised, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp)
                throw new ArgumentException($"{TelemetryOptions.SectionName}:{nameof(TelemetryOptions.OperatorUrls)}: only http:// addresses, got \"{url}\".");
            if (uri.Port == 0)
                throw new ArgumentException($"{TelemetryOptions.SectionName}:{nameof(TelemetryOptions.OperatorUrls)}: \"{url}\" needs a fixed port (0 is not allowed: the port tells the operator door from the public one).");
            parsed.Add((url, uri.Port));
        }
        return parsed;
    }

    /// <summary>
    /// Kestrel listens on the operator URLs too (added to "urls", which the gateway and a silo-only
    /// host both listen on); a port already in "urls" is refused, since it would open /metrics to tenants.
    /// </summary>
    public static void AddToUrls(IConfigurationManager configuration, IReadOnlyList<(string Url, int Port)> operatorUrls)
    {
        if (operatorUrls.Count == 0) return;
        var urls = (configuration["urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var url in urls)
        {
            var normalised = url.Replace("://*", "://0.0.0.0").Replace("://+", "://0.0.0.0");
            if (Uri.TryCreate(normalised, UriKind.Absolute, out var uri) && operatorUrls.Any(o => o.Port == uri.Port))
                throw new ArgumentException($"urls: \"{url}\" uses the operator port {uri.Port} ({TelemetryOptions.SectionName}:{nameof(TelemetryOptions.OperatorUrls)}); choose another.");
        }
        configuration.AddInMemoryCollection([new("urls", string.Join(';', urls.Concat(operatorUrls.Select(o => o.Url))))]);
    }

    /// <summary>
    /// On an operator port only /metrics and /healthz answer; on every other port /metrics is 404,
    /// as if it did not exist.
    /// </summary>
    public static WebApplication UseOperatorDoor(this WebApplication app, IReadOnlyList<(string Url, int Port)> operatorUrls)
    {
        var ports = operatorUrls.Select(o => o.Port).ToHashSet();
        app.Use((context, next) =>
        {
            var path = context.Request.Path;
            var metrics = path.StartsWithSegments(MetricsPath);
            var allowed = ports.Contains(context.Connection.LocalPort) ? metrics || path.StartsWithSegments(HealthPath) : !metrics;
            if (allowed) return next(context);
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });
        return app;
    }
}
