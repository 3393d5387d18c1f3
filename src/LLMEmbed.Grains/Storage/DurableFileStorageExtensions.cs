using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime.Hosting;

namespace LLMEmbed.Grains.Storage;

/// <summary>
/// Registration of <see cref="DurableFileGrainStorage"/>. Named "Durable…" because Orleans 10 ships
/// its own AddFileGrainStorage, which does not promise crash-safe writes.
/// </summary>
public static class DurableFileStorageExtensions
{
    public static ISiloBuilder AddDurableFileGrainStorage(this ISiloBuilder builder, string name, Action<DurableFileStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptions<DurableFileStorageOptions>(name).Configure(configure).Validate(o =>
        {
            o.Validate(name);
            return true;
        });
        builder.Services.AddGrainStorage(name, DurableFileGrainStorage.Create);
        return builder;
    }
}
