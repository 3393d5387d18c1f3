using LLMEmbed.Gateway.Hosting;
using LLMEmbed.Host.Hosting;

// One process: a silo (Roles:Silo) with the gRPC gateway co-hosted (Roles:Gateway), or a gateway
// only, joining the cluster as an Orleans client. Configuration: appsettings.json, then environment
// variables prefixed LLMEMBED_ (e.g. LLMEMBED_Silo__Accelerator=cuda, LLMEMBED_Roles__Silo=false).
// Ctrl+C / SIGTERM stop the silo gracefully: activations deactivate and state is flushed.
var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddEnvironmentVariables("LLMEMBED_");
builder.AddLLMEmbedTelemetry();
var roles = builder.Configuration.GetLLMEmbedRoles();
if (roles.Silo)
{
    builder.UseOrleans(silo => silo
        .UseLLMEmbedClustering(builder.Configuration)
        .AddLLMEmbedStorage(builder.Configuration)
        .AddLLMEmbedBackbones(builder.Configuration)
        .AddLLMEmbedTenants(builder.Configuration));
}
else
{
    builder.UseLLMEmbedClusterClient();
}
if (roles.Gateway) builder.AddLLMEmbedGatewayRole(roles);
builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));

var app = builder.Build();
app.MapGet("/healthz", () => Results.Ok("ok"));
if (roles.Gateway) app.MapLLMEmbedGateway();
app.Run();
