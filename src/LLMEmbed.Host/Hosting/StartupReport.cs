namespace LLMEmbed.Host.Hosting;

/// <summary>One configuration section as it was validated, logged once at start-up (no secrets are held in these sections).</summary>
public sealed record StartupReport(string Section, string Values);

/// <summary>Logs every <see cref="StartupReport"/> when the host starts.</summary>
internal sealed class StartupReportLogger(IEnumerable<StartupReport> reports, ILogger<StartupReportLogger> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var report in reports) logger.LogInformation("Configuration {Section}: {Values}", report.Section, report.Values);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
