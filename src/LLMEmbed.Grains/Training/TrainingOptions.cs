using System.ComponentModel.DataAnnotations;

namespace LLMEmbed.Grains.Training;

/// <summary>Section "Training": how many training runs a silo takes on at once and how large one may be.</summary>
public sealed class TrainingOptions
{
    public const string SectionName = "Training";

    /// <summary>Runs that train at the same time on one silo; the rest wait in arrival order.</summary>
    [Range(1, 256)]
    public int RunsPerSilo { get; set; } = 1;

    /// <summary>Runs that may wait for a slot on one silo; one more is refused (ResourceExhausted, retry-after).</summary>
    [Range(0, 100_000)]
    public int QueuedPerSilo { get; set; } = 64;

    /// <summary>
    /// Threads one run uses; 0 = half the silo's cores divided among <see cref="RunsPerSilo"/> (at least 1), so
    /// classify keeps cores while tenants train. Heads do not depend on it (reductions run in a fixed order).
    /// </summary>
    [Range(0, 1024)]
    public int ThreadsPerRun { get; set; }

    /// <summary>
    /// Largest feature matrix one run may load: labelled rows x the tenant's feature width x 4 bytes. A run needs
    /// about three times this while it trains (rows, standardised copy, holdout refit). 1 GiB = 640,000 rows at the
    /// default recipe's 420 floats. Larger runs are refused before they queue.
    /// </summary>
    [Range(1024L, long.MaxValue)]
    public long MaxFeatureBytes { get; set; } = 1L << 30;

    /// <summary>Threads a run gets on a machine with <paramref name="cores"/> cores.</summary>
    public int ThreadsFor(int cores) => ThreadsPerRun > 0 ? ThreadsPerRun : Math.Max(1, cores / 2 / RunsPerSilo);

    public override string ToString() =>
        $"RunsPerSilo={RunsPerSilo}, QueuedPerSilo={QueuedPerSilo}, ThreadsPerRun={ThreadsPerRun} ({ThreadsFor(Environment.ProcessorCount)} here), MaxFeatureBytes={MaxFeatureBytes}";
}
