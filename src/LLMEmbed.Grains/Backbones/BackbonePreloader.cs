using LLMEmbed.Grains.Placement;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LLMEmbed.Grains.Backbones;

/// <summary>
/// Loads the configured backbones while the silo starts, before it becomes active in the membership:
/// routers only send to active silos, so no request waits on a model load, and a failure (missing
/// model, CUDA not available when Silo:Accelerator=cuda) stops the silo at once instead of failing requests.
/// </summary>
public sealed class BackbonePreloader(
    BackboneRegistry registry,
    IOptions<BackbonePreloadOptions> options,
    IOptions<SiloRoleOptions> role,
    ILogger<BackbonePreloader> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(BackbonePreloader), ServiceLifecycleStage.ApplicationServices, PreloadAsync);

    private async Task PreloadAsync(CancellationToken cancellationToken)
    {
        if (!role.Value.BackboneHost || options.Value.Preload.Length == 0) return;
        foreach (var id in options.Value.Preload)
        {
            var runtime = await registry.GetAsync(id).WaitAsync(cancellationToken);
            logger.LogInformation("Preloaded backbone {Backbone} on {Provider}", id, runtime.Batcher.Backbone.ExecutionProvider);
        }
    }
}
