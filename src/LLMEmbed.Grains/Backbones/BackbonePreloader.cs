using LLMEmbed.Grains.Placement;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LLMEmbed.Grains.Backbones;

/// <summary>
/// Loads the configured backbones when the host starts. A failure (missing model, CUDA not
/// available when Silo:Accelerator=cuda) fails start-up loudly instead of the first request.
/// </summary>
public sealed class BackbonePreloader(
    BackboneRegistry registry,
    IOptions<BackbonePreloadOptions> options,
    IOptions<SiloRoleOptions> role,
    ILogger<BackbonePreloader> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!role.Value.BackboneHost || options.Value.Preload.Length == 0) return;
        foreach (var id in options.Value.Preload)
        {
            var runtime = await registry.GetAsync(id).WaitAsync(cancellationToken);
            logger.LogInformation("Preloaded backbone {Backbone} on {Provider}", id, runtime.Batcher.Backbone.ExecutionProvider);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
