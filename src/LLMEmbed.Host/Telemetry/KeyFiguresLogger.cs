using LLMEmbed.Host.Hosting;
using Microsoft.Extensions.Options;

namespace LLMEmbed.Host.Telemetry;

/// <summary>Writes the <see cref="KeyFigures"/> line once per Telemetry:SummaryInterval, so a healthy console reads as a heartbeat.</summary>
internal sealed class KeyFiguresLogger(KeyFigures figures, IOptions<TelemetryOptions> options, TimeProvider time, ILogger<KeyFiguresLogger> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        figures.Take();
        using var timer = new PeriodicTimer(options.Value.SummaryInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
                logger.LogInformation("{Figures}", figures.Take());
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: no last line, the lifetime messages say what happened.
        }
    }
}
