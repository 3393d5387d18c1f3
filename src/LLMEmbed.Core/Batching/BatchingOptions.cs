using System.ComponentModel.DataAnnotations;

namespace LLMEmbed.Core.Batching;

/// <summary>
/// How a <see cref="BackboneBatcher"/> plans model runs. Bound from configuration section "Batching";
/// the offline <see cref="Backbones.EmbeddingRunner"/> cuts its runs with the same <see cref="CostCut"/> and
/// the same defaults for the fields they share.
/// </summary>
public sealed class BatchingOptions
{
    public const string SectionName = "Batching";

    /// <summary>Default of <see cref="TokenBudget"/>, online and offline.</summary>
    public const int DefaultTokenBudget = 8192;

    /// <summary>Default of <see cref="MaxRunSize"/>, online and offline.</summary>
    public const int DefaultMaxRunSize = 16;

    /// <summary>Default of <see cref="RunOverheadTokens"/>, online and offline.</summary>
    public const int DefaultRunOverheadTokens = 64;

    /// <summary>Most padded tokens (run size x longest sequence) one model run may take; a longer sequence runs alone.</summary>
    [Range(1, int.MaxValue)]
    public int TokenBudget { get; set; } = DefaultTokenBudget;

    /// <summary>
    /// Most waiting sequences of one group planned together (the oldest first): the pool the next run is
    /// chosen from. A pool this full is planned at once, without waiting out <see cref="CollectionWindow"/>.
    /// </summary>
    [Range(1, int.MaxValue)]
    public int PlanningPool { get; set; } = 64;

    /// <summary>
    /// Most sequences in one model run. On a 2-core CPU ONNX Runtime does most sequences per second at
    /// about 8 to 16 per run; GPUs want the whole pool (the GPU overlay sets 64).
    /// </summary>
    [Range(1, int.MaxValue)]
    public int MaxRunSize { get; set; } = DefaultMaxRunSize;

    /// <summary>Most sequences waiting at once; beyond it requests are refused at once.</summary>
    [Range(1, int.MaxValue)]
    public int QueueCapacity { get; set; } = 1024;

    /// <summary>
    /// Longest estimated wait a new request may face: queued tokens divided by the measured token
    /// throughput. A request that would wait longer is refused at once (ResourceExhausted), so an
    /// admitted one finishes inside the callers' timeouts. Zero turns the estimate off (only
    /// <see cref="QueueCapacity"/> then bounds the queue).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan MaxQueueWait { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Longest the oldest waiting sequence is held for partners (0: planned at once). Then everything pending
    /// of its group (up to <see cref="PlanningPool"/>) is sorted by length and cut at the least cost
    /// (<see cref="CostCut"/>, priced by <see cref="RunOverheadTokens"/>), and the one run holding the oldest is
    /// executed. The others stay queued and are planned again with the sequences that arrived meanwhile, so each
    /// run is chosen from the widest pool. Nothing starves: every run holds the oldest sequence.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:10")]
    public TimeSpan CollectionWindow { get; set; } = TimeSpan.FromMilliseconds(4);

    /// <summary>
    /// The fixed price of one model run, in padded token slots: higher values make fewer, larger runs
    /// with more padding; 0 minimises padding alone.
    /// </summary>
    [Range(0, int.MaxValue)]
    public int RunOverheadTokens { get; set; } = DefaultRunOverheadTokens;

    public override string ToString() =>
        $"TokenBudget={TokenBudget}, PlanningPool={PlanningPool}, MaxRunSize={MaxRunSize}, QueueCapacity={QueueCapacity}, " +
        $"MaxQueueWait={MaxQueueWait.TotalSeconds} s, CollectionWindow={CollectionWindow.TotalMilliseconds} ms, RunOverheadTokens={RunOverheadTokens}";
}
