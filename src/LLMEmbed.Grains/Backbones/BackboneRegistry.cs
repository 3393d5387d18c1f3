using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using LLMEmbed.Core.Backbones;
using LLMEmbed.Core.Batching;
using LLMEmbed.Grains.Placement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LLMEmbed.Grains.Backbones;

/// <summary>
/// The silo's backbones: one model session and one batching loop per backbone id, created on
/// first use (off the grain scheduler: loading can take seconds) and shared by the silo's replica
/// activation of that backbone. Batching metrics are tagged with this silo (the replica).
/// </summary>
public sealed class BackboneRegistry(
    IServiceProvider services,
    IOptions<BatchingOptions> batching,
    IOptions<SiloRoleOptions> role,
    ILocalSiloDetails silo,
    ILoggerFactory loggers) : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<Task<BackboneRuntime>>> _runtimes = new(StringComparer.Ordinal);
    private readonly ILogger _logger = loggers.CreateLogger<BackboneRegistry>();

    public Task<BackboneRuntime> GetAsync(string backboneId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(backboneId);
        var lazy = _runtimes.GetOrAdd(backboneId, id => new Lazy<Task<BackboneRuntime>>(() => Task.Run(() => Load(id))));
        var task = lazy.Value;
        // A failed load is forgotten so the next call tries again (e.g. a file that was still downloading).
        if (task.IsFaulted) _runtimes.TryRemove(new(backboneId, lazy));
        return task;
    }

    /// <summary>The backbone if it has finished loading on this silo; never starts a load.</summary>
    public bool TryGetLoaded(string backboneId, [NotNullWhen(true)] out BackboneRuntime? runtime)
    {
        runtime = _runtimes.TryGetValue(backboneId, out var lazy) && lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully ? lazy.Value.Result : null;
        return runtime is not null;
    }

    /// <summary>Backbones loaded so far, with their batchers.</summary>
    public IReadOnlyList<BackboneRuntime> Loaded =>
        _runtimes.Values.Where(l => l.IsValueCreated && l.Value.IsCompletedSuccessfully).Select(l => l.Value.Result).ToList();

    private BackboneRuntime Load(string backboneId)
    {
        var options = role.Value;
        if (!options.BackboneHost)
            throw new InvalidOperationException(
                $"Backbone '{backboneId}' was asked for on a silo configured with {SiloRoleOptions.SectionName}:BackboneHost=false; placement should have prevented this.");
        var factory = services.GetService<IBackboneFactory>() ?? throw new InvalidOperationException(
            $"Backbone '{backboneId}' cannot load: no {nameof(IBackboneFactory)} is registered on this backbone-host silo.");
        var backbone = factory.Create(backboneId);
        try
        {
            if (!string.Equals(backbone.ExecutionProvider, options.Accelerator, StringComparison.OrdinalIgnoreCase))
                throw new InvalidOperationException(
                    $"Backbone '{backboneId}' runs on '{backbone.ExecutionProvider}' but this silo is configured with {SiloRoleOptions.SectionName}:Accelerator={options.Accelerator}.");
            var encoder = factory.CreateEncoder(backboneId);
            var batcher = new BackboneBatcher(backbone, batching.Value, loggers.CreateLogger<BackboneBatcher>(),
                tags: [new("replica", silo.SiloAddress.ToString())]);
            _logger.LogInformation("Backbone {Backbone} loaded on {Provider} ({Batching})", backboneId, backbone.ExecutionProvider, batching.Value);
            return new BackboneRuntime(encoder, batcher);
        }
        catch
        {
            backbone.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        foreach (var runtime in Loaded) runtime.Batcher.Dispose();
        _runtimes.Clear();
    }
}
