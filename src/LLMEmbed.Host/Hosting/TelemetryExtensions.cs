using LLMEmbed.Core.Batching;
using LLMEmbed.Grains.Fusion;
using LLMEmbed.Grains.Training;
using LLMEmbed.Host.Telemetry;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace LLMEmbed.Host.Hosting;

public static class TelemetryExtensions
{
    /// <summary>
    /// Orleans, backbone, fusion-cache and gateway traces and metrics: to OTLP when an endpoint is
    /// set, to Prometheus at /metrics on the operator address (see <see cref="MapLLMEmbedTelemetry"/>), and on the console as
    /// one summary line per interval, or in full with Telemetry:Console=verbose.
    /// </summary>
    public static IHostApplicationBuilder AddLLMEmbedTelemetry(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.BindSection<TelemetryOptions>(TelemetryOptions.SectionName);
        options.Validate();
        OperatorAddress.AddToUrls(builder.Configuration, OperatorAddress.Parse(options.OperatorUrls));
        var otlp = string.IsNullOrWhiteSpace(options.OtlpEndpoint) ? null : new Uri(options.OtlpEndpoint);
        var verbose = options.ConsoleMode == TelemetryOptions.Verbose;
        builder.Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(options));
        builder.Services.AddSingleton(new StartupReport(TelemetryOptions.SectionName, options.ToString()));
        builder.Services.AddHostedService<StartupReportLogger>();
        if (options.ConsoleMode != TelemetryOptions.Off)
        {
            builder.Services.TryAddSingleton(TimeProvider.System);
            builder.Services.AddSingleton<KeyFigures>();
            builder.Services.AddHostedService<KeyFiguresLogger>();
        }
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(options.ServiceName))
            .WithTracing(tracing =>
            {
                tracing.AddSource("Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application");
                if (otlp is not null) tracing.AddOtlpExporter(o => o.Endpoint = otlp);
                if (verbose) tracing.AddConsoleExporter();
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(OrleansMetricsView.MeterName, BackboneBatcher.MeterName, FusionCache.MeterName, TrainingSlots.MeterName);
                metrics.AddView(OrleansMetricsView.Select);
                if (otlp is not null) metrics.AddOtlpExporter(o => o.Endpoint = otlp);
                if (options.Prometheus) metrics.AddPrometheusExporter();
                if (verbose) metrics.AddConsoleExporter();
            });
        return builder;
    }

    /// <summary>
    /// Maps the Prometheus scrape endpoint, /metrics, when Telemetry:Prometheus is on and an operator
    /// address is set; it answers only there (<see cref="OperatorAddress.UseOperatorDoor"/>).
    /// </summary>
    public static WebApplication MapLLMEmbedTelemetry(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<TelemetryOptions>>().Value;
        var operatorUrls = OperatorAddress.Parse(options.OperatorUrls);
        app.UseOperatorDoor(operatorUrls);
        if (options.Prometheus && operatorUrls.Count > 0)
            app.MapPrometheusScrapingEndpoint(OperatorAddress.MetricsPath);
        return app;
    }
}
