using System.ComponentModel.DataAnnotations;

namespace LLMEmbed.Grains.Routing;

/// <summary>Section "Routing": how a silo chooses among a backbone's replicas.</summary>
public sealed class RoutingOptions
{
    public const string SectionName = "Routing";

    /// <summary>Send to CUDA replicas whenever one is available, CPU replicas only when none is (false: treat all alike).</summary>
    public bool PreferAccelerator { get; set; } = true;

    /// <summary>A queue depth a replica reported longer ago than this is not trusted (only this silo's own in-flight count is).</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan DepthMaxAge { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A replica's depth is probed at most this often, and only when its last figure is stale.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>A replica whose call failed (silo dead, message rejected) is skipped this long after its first failure in a row, doubling with each further one.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan FailureBackoff { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest a failing replica is skipped (unless nothing else is left).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan EjectFor { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A replica that refused work because its queue was full is skipped this long unless nothing else is left.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan FullBackoff { get; set; } = TimeSpan.FromMilliseconds(200);

    public override string ToString() =>
        $"PreferAccelerator={PreferAccelerator}, DepthMaxAge={DepthMaxAge.TotalMilliseconds} ms, ProbeInterval={ProbeInterval.TotalMilliseconds} ms, " +
        $"FailureBackoff={FailureBackoff.TotalMilliseconds} ms, EjectFor={EjectFor.TotalSeconds} s, FullBackoff={FullBackoff.TotalMilliseconds} ms";
}
