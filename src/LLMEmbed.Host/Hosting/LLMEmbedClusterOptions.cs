namespace LLMEmbed.Host.Hosting;

/// <summary>Section "Cluster": membership provider and identity.</summary>
public sealed class LLMEmbedClusterOptions
{
    public const string SectionName = "Cluster";
    public const string Localhost = "localhost";

    /// <summary>Membership provider. "localhost" (one machine, development); others arrive with multi-node deployment.</summary>
    public string Provider { get; set; } = Localhost;
    public string ClusterId { get; set; } = "llmembed";
    public string ServiceId { get; set; } = "llmembed";
    public int SiloPort { get; set; } = 11111;
    public int GatewayPort { get; set; } = 30000;

    public void Validate()
    {
        if (!string.Equals(Provider, Localhost, StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"{SectionName}:{nameof(Provider)} \"{Provider}\" is not supported; supported: \"{Localhost}\".");
        if (string.IsNullOrWhiteSpace(ClusterId)) throw new ArgumentException($"{SectionName}:{nameof(ClusterId)} is required.");
        if (string.IsNullOrWhiteSpace(ServiceId)) throw new ArgumentException($"{SectionName}:{nameof(ServiceId)} is required.");
        if (SiloPort is <= 0 or > 65535) throw new ArgumentException($"{SectionName}:{nameof(SiloPort)} must be a port, got {SiloPort}.");
        if (GatewayPort is <= 0 or > 65535) throw new ArgumentException($"{SectionName}:{nameof(GatewayPort)} must be a port, got {GatewayPort}.");
    }

    public override string ToString() => $"Provider={Provider}, ClusterId={ClusterId}, ServiceId={ServiceId}, SiloPort={SiloPort}, GatewayPort={GatewayPort}";
}
