using LLMEmbed.Host.Hosting;

// One silo (the gRPC gateway will be co-hosted here). Configuration: appsettings.json, then
// environment variables prefixed LLMEMBED_ (e.g. LLMEMBED_Silo__Accelerator=cuda).
// Ctrl+C / SIGTERM stop the silo gracefully: activations deactivate and state is flushed.
var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddEnvironmentVariables("LLMEMBED_");
builder.AddLLMEmbedTelemetry();
builder.UseOrleans(silo => silo
    .UseLLMEmbedClustering(builder.Configuration)
    .AddLLMEmbedStorage(builder.Configuration)
    .AddLLMEmbedBackbones(builder.Configuration)
    .AddLLMEmbedTenants(builder.Configuration));
builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));

var app = builder.Build();
app.MapGet("/healthz", () => Results.Ok("ok"));
app.Run();
