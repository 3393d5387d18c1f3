namespace LLMEmbed.Core.Batching;

/// <summary>How a <see cref="BackboneBatcher"/> groups requests. Bound from configuration section "Batching".</summary>
public sealed class BatchingOptions
{
    public const string SectionName = "Batching";

    /// <summary>Most padded tokens (batch size x longest sequence) one model run may take.</summary>
    public int TokenBudget { get; set; } = 8192;

    /// <summary>
    /// Most sequences planned together. A planned batch is cut into model runs (see <see cref="MaxRunSize"/>
    /// and <see cref="MaxPaddingRatio"/>), so a wide window lets requests that arrive in random lengths
    /// find partners of similar length.
    /// </summary>
    public int MaxBatchSize { get; set; } = 64;

    /// <summary>
    /// Most sequences in one model run. On a 2-core CPU ONNX Runtime does most sequences per second at
    /// about 8 per run; GPUs want the whole window (the GPU overlay sets 64).
    /// </summary>
    public int MaxRunSize { get; set; } = 16;

    /// <summary>Longest time the oldest waiting sequence is held back to let a batch fill.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Most sequences waiting at once; beyond it requests are refused at once.</summary>
    public int QueueCapacity { get; set; } = 1024;

    /// <summary>
    /// Longest estimated wait a new request may face: queued tokens divided by the measured token
    /// throughput. A request that would wait longer is refused at once (ResourceExhausted), so an
    /// admitted one finishes inside the callers' timeouts. Zero turns the estimate off (only
    /// <see cref="QueueCapacity"/> then bounds the queue).
    /// </summary>
    public TimeSpan MaxQueueWait { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Prefer sequences of a length close to the oldest one, so less padding is computed.</summary>
    public bool GroupSimilarLengths { get; set; } = true;

    /// <summary>
    /// A planned batch is run as length-sorted sub-batches whose padded tokens stay within this
    /// multiple of their real tokens: on a CPU padding is paid in full, and small batches cost
    /// little more per sequence than large ones. Values of 100 or more effectively disable it.
    /// </summary>
    public double MaxPaddingRatio { get; set; } = 1.25;

    /// <summary>
    /// Sorted planning (0 turns it off and plans as before, by <see cref="MaxDelay"/>, similar lengths and
    /// <see cref="MaxPaddingRatio"/>): the oldest waiting sequence is held at most this long for partners; then
    /// everything pending of its group (up to <see cref="MaxBatchSize"/>) is sorted by length and cut at the least
    /// cost (<see cref="RunOverheadTokens"/>), and the one run holding the oldest is executed. The others stay
    /// queued and are planned again with the sequences that arrived meanwhile, so each run is chosen from the
    /// widest pool. Nothing starves: every run holds the oldest sequence.
    /// </summary>
    public TimeSpan CollectionWindow { get; set; } = TimeSpan.FromMilliseconds(4);

    /// <summary>
    /// Sorted planning's fixed price of one model run, in padded token slots: higher values make fewer,
    /// larger runs with more padding; 0 minimises padding alone.
    /// </summary>
    public int RunOverheadTokens { get; set; } = 64;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid field.</summary>
    public void Validate()
    {
        if (TokenBudget <= 0)
            throw new ArgumentException($"{SectionName}:{nameof(TokenBudget)} must be positive, got {TokenBudget}.");
        if (MaxBatchSize <= 0)
            throw new ArgumentException($"{SectionName}:{nameof(MaxBatchSize)} must be positive, got {MaxBatchSize}.");
        if (MaxRunSize <= 0)
            throw new ArgumentException($"{SectionName}:{nameof(MaxRunSize)} must be positive, got {MaxRunSize}.");
        if (MaxDelay < TimeSpan.Zero || MaxDelay > TimeSpan.FromSeconds(10))
            throw new ArgumentException($"{SectionName}:{nameof(MaxDelay)} must lie in [0, 10 s], got {MaxDelay}.");
        if (!(MaxPaddingRatio >= 1.0))
            throw new ArgumentException($"{SectionName}:{nameof(MaxPaddingRatio)} must be at least 1, got {MaxPaddingRatio}.");
        if (MaxQueueWait < TimeSpan.Zero || MaxQueueWait > TimeSpan.FromMinutes(5))
            throw new ArgumentException($"{SectionName}:{nameof(MaxQueueWait)} must lie in [0, 5 min], got {MaxQueueWait}.");
        if (CollectionWindow < TimeSpan.Zero || CollectionWindow > TimeSpan.FromSeconds(10))
            throw new ArgumentException($"{SectionName}:{nameof(CollectionWindow)} must lie in [0, 10 s], got {CollectionWindow}.");
        if (RunOverheadTokens < 0)
            throw new ArgumentException($"{SectionName}:{nameof(RunOverheadTokens)} must not be negative, got {RunOverheadTokens}.");
        if (QueueCapacity <= 0)
            throw new ArgumentException($"{SectionName}:{nameof(QueueCapacity)} must be positive, got {QueueCapacity}.");
    }

    public override string ToString() =>
        $"TokenBudget={TokenBudget}, MaxBatchSize={MaxBatchSize}, MaxRunSize={MaxRunSize}, MaxDelay={MaxDelay.TotalMilliseconds} ms, " +
        $"QueueCapacity={QueueCapacity}, MaxQueueWait={MaxQueueWait.TotalSeconds} s, GroupSimilarLengths={GroupSimilarLengths}, MaxPaddingRatio={MaxPaddingRatio}, " +
        $"CollectionWindow={CollectionWindow.TotalMilliseconds} ms, RunOverheadTokens={RunOverheadTokens}";
}
