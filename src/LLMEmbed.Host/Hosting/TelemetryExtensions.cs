using LLMEmbed.Core.Batching;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace LLMEmbed.Host.Hosting;

public static class TelemetryExtensions
{
    /// <summary>Orleans and backbone traces and metrics, to OTLP when configured, else to the console.</summary>
    public static IHostApplicationBuilder AddLLMEmbedTelemetry(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.BindSection<TelemetryOptions>(TelemetryOptions.SectionName);
        options.Validate();
        var otlp = string.IsNullOrWhiteSpace(options.OtlpEndpoint) ? null : new Uri(options.OtlpEndpoint);
        builder.Services.AddSingleton(new StartupReport(TelemetryOptions.SectionName, options.ToString()));
        builder.Services.AddHostedService<StartupReportLogger>();
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(options.ServiceName))
            .WithTracing(tracing =>
            {
                tracing.AddSource("Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application");
                if (otlp is not null) tracing.AddOtlpExporter(o => o.Endpoint = otlp);
                else if (options.Console) tracing.AddConsoleExporter();
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter("Microsoft.Orleans", BackboneBatcher.MeterName);
                if (otlp is not null) metrics.AddOtlpExporter(o => o.Endpoint = otlp);
                else if (options.Console) metrics.AddConsoleExporter();
            });
        return builder;
    }
}
