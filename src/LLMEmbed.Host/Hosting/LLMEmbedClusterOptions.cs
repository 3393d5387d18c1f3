using System.Net;

namespace LLMEmbed.Host.Hosting;

/// <summary>Section "Cluster": membership provider, identity and this silo's endpoints.</summary>
public sealed class LLMEmbedClusterOptions
{
    public const string SectionName = "Cluster";
    public const string Localhost = "localhost";
    public const string Redis = "redis";
    public const string Postgres = "postgres";

    /// <summary>
    /// Membership provider: "localhost" (one process, development), "redis" (Orleans' Redis
    /// membership table) or "postgres" (Orleans' ADO.NET membership table on PostgreSQL), the last
    /// two shared by every silo of a multi-node cluster.
    /// </summary>
    public string Provider { get; set; } = Localhost;

    public string ClusterId { get; set; } = "llmembed";
    public string ServiceId { get; set; } = "llmembed";
    public int SiloPort { get; set; } = 11111;
    public int GatewayPort { get; set; } = 30000;

    /// <summary>
    /// "localhost" provider only: the silo port of the primary silo this one joins (0 = this silo is the
    /// primary). Lets a second silo run on the same machine with no membership server, e.g. a second
    /// backbone replica (the bench's replicas_2_vs_1).
    /// </summary>
    public int PrimarySiloPort { get; set; }

    /// <summary>
    /// Address other silos and clients use to reach this silo ("redis" and "postgres" providers). Empty: the
    /// machine's first non-loopback IPv4 address, as Orleans picks by default.
    /// </summary>
    public string AdvertisedIPAddress { get; set; } = "";

    /// <summary>
    /// Run under Orleans' Kubernetes hosting: ClusterId/ServiceId/address from the POD_* and
    /// ORLEANS_* environment the manifests set, and defunct silo pods deleted. It is not a
    /// membership store, so it needs the "redis" or "postgres" provider.
    /// </summary>
    public bool KubernetesHosting { get; set; }

    /// <summary>
    /// Orleans' initial liveness probe timeout (null = Orleans' default). Together with
    /// <see cref="NumMissedProbesLimit"/> it sets how fast a killed silo is declared dead, and so how
    /// long calls to its activations fail; the failure tests lower both to get a window of seconds.
    /// </summary>
    public TimeSpan? ProbeTimeout { get; set; }

    /// <summary>Missed probes before a silo is suspected (null = Orleans' default, 3).</summary>
    public int? NumMissedProbesLimit { get; set; }

    /// <summary>Mutual TLS on the Orleans links (off unless a certificate is set).</summary>
    public LLMEmbedTlsOptions Tls { get; set; } = new();

    public bool IsRedis => string.Equals(Provider, Redis, StringComparison.OrdinalIgnoreCase);
    public bool IsPostgres => string.Equals(Provider, Postgres, StringComparison.OrdinalIgnoreCase);

    /// <summary>A membership table several silos share (so grain state must be shared too).</summary>
    public bool IsMultiSilo => IsRedis || IsPostgres;

    public void Validate()
    {
        Tls.Validate();
        var known = string.Equals(Provider, Localhost, StringComparison.OrdinalIgnoreCase) || IsMultiSilo;
        if (!known)
            throw new ArgumentException($"{SectionName}:{nameof(Provider)} \"{Provider}\" is not supported; supported: \"{Localhost}\", \"{Redis}\", \"{Postgres}\".");
        if (string.IsNullOrWhiteSpace(ClusterId)) throw new ArgumentException($"{SectionName}:{nameof(ClusterId)} is required.");
        if (string.IsNullOrWhiteSpace(ServiceId)) throw new ArgumentException($"{SectionName}:{nameof(ServiceId)} is required.");
        if (SiloPort is <= 0 or > 65535) throw new ArgumentException($"{SectionName}:{nameof(SiloPort)} must be a port, got {SiloPort}.");
        if (GatewayPort is <= 0 or > 65535) throw new ArgumentException($"{SectionName}:{nameof(GatewayPort)} must be a port, got {GatewayPort}.");
        if (SiloPort == GatewayPort) throw new ArgumentException($"{SectionName}:{nameof(SiloPort)} and {nameof(GatewayPort)} must differ, both are {SiloPort}.");
        if (!string.IsNullOrWhiteSpace(AdvertisedIPAddress) && !IPAddress.TryParse(AdvertisedIPAddress, out _))
            throw new ArgumentException($"{SectionName}:{nameof(AdvertisedIPAddress)} must be an IP address, got \"{AdvertisedIPAddress}\".");
        if (!string.IsNullOrWhiteSpace(AdvertisedIPAddress) && !IsMultiSilo)
            throw new ArgumentException($"{SectionName}:{nameof(AdvertisedIPAddress)} applies to the \"{Redis}\" and \"{Postgres}\" providers only; \"{Localhost}\" always uses loopback.");
        if (PrimarySiloPort is < 0 or > 65535) throw new ArgumentException($"{SectionName}:{nameof(PrimarySiloPort)} must be 0 or a port, got {PrimarySiloPort}.");
        if (PrimarySiloPort != 0 && IsMultiSilo)
            throw new ArgumentException($"{SectionName}:{nameof(PrimarySiloPort)} applies to the \"{Localhost}\" provider only; \"{Provider}\" silos find each other through the membership table.");
        if (ProbeTimeout is { } probe && (probe < TimeSpan.FromMilliseconds(100) || probe > TimeSpan.FromMinutes(5)))
            throw new ArgumentException($"{SectionName}:{nameof(ProbeTimeout)} must be between 00:00:00.1 and 00:05:00, got {probe}.");
        if (NumMissedProbesLimit is < 1 or > 100)
            throw new ArgumentException($"{SectionName}:{nameof(NumMissedProbesLimit)} must be between 1 and 100, got {NumMissedProbesLimit}.");
        if (KubernetesHosting && !IsMultiSilo)
            throw new ArgumentException($"{SectionName}:{nameof(KubernetesHosting)} needs {SectionName}:{nameof(Provider)}=\"{Redis}\" or \"{Postgres}\" (Kubernetes hosting is not a membership store).");
    }

    public IPAddress? AdvertisedAddress => string.IsNullOrWhiteSpace(AdvertisedIPAddress) ? null : IPAddress.Parse(AdvertisedIPAddress);

    public override string ToString() =>
        $"Provider={Provider}, ClusterId={ClusterId}, ServiceId={ServiceId}, SiloPort={SiloPort}, GatewayPort={GatewayPort}, " +
        (PrimarySiloPort == 0 ? "" : $"PrimarySiloPort={PrimarySiloPort}, ") +
        $"AdvertisedIPAddress={(string.IsNullOrWhiteSpace(AdvertisedIPAddress) ? "auto" : AdvertisedIPAddress)}, KubernetesHosting={KubernetesHosting}, " +
        $"ProbeTimeout={(ProbeTimeout is { } probe ? probe.ToString() : "default")}, NumMissedProbesLimit={(NumMissedProbesLimit is { } missed ? missed.ToString() : "default")}";
}
