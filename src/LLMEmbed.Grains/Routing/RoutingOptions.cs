namespace LLMEmbed.Grains.Routing;

/// <summary>Section "Routing": how a silo chooses among a backbone's replicas.</summary>
public sealed class RoutingOptions
{
    public const string SectionName = "Routing";

    /// <summary>Send to CUDA replicas whenever one is available, CPU replicas only when none is (false: treat all alike).</summary>
    public bool PreferAccelerator { get; set; } = true;

    /// <summary>A queue depth a replica reported longer ago than this is not trusted (only this silo's own in-flight count is).</summary>
    public TimeSpan DepthMaxAge { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A replica's depth is probed at most this often, and only when its last figure is stale.</summary>
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>A replica whose call failed (silo dead, message rejected) is skipped this long after its first failure in a row, doubling with each further one.</summary>
    public TimeSpan FailureBackoff { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest a failing replica is skipped (unless nothing else is left).</summary>
    public TimeSpan EjectFor { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A replica that refused work because its queue was full is skipped this long unless nothing else is left.</summary>
    public TimeSpan FullBackoff { get; set; } = TimeSpan.FromMilliseconds(200);

    public void Validate()
    {
        if (DepthMaxAge <= TimeSpan.Zero) throw new ArgumentException($"{SectionName}:{nameof(DepthMaxAge)} must be positive, got {DepthMaxAge}.");
        if (ProbeInterval <= TimeSpan.Zero) throw new ArgumentException($"{SectionName}:{nameof(ProbeInterval)} must be positive, got {ProbeInterval}.");
        if (FailureBackoff <= TimeSpan.Zero) throw new ArgumentException($"{SectionName}:{nameof(FailureBackoff)} must be positive, got {FailureBackoff}.");
        if (EjectFor < TimeSpan.Zero) throw new ArgumentException($"{SectionName}:{nameof(EjectFor)} must not be negative, got {EjectFor}.");
        if (FullBackoff < TimeSpan.Zero) throw new ArgumentException($"{SectionName}:{nameof(FullBackoff)} must not be negative, got {FullBackoff}.");
    }

    public override string ToString() =>
        $"PreferAccelerator={PreferAccelerator}, DepthMaxAge={DepthMaxAge.TotalMilliseconds} ms, ProbeInterval={ProbeInterval.TotalMilliseconds} ms, " +
        $"FailureBackoff={FailureBackoff.TotalMilliseconds} ms, EjectFor={EjectFor.TotalSeconds} s, FullBackoff={FullBackoff.TotalMilliseconds} ms";
}
