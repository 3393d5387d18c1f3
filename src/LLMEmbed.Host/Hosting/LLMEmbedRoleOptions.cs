namespace LLMEmbed.Host.Hosting;

/// <summary>Section "Roles": what this process runs. Default: a silo with the gateway co-hosted.</summary>
public sealed class LLMEmbedRoleOptions
{
    public const string SectionName = "Roles";

    /// <summary>Run an Orleans silo. When false the process is a gateway only, joining the cluster as an Orleans client.</summary>
    public bool Silo { get; set; } = true;

    /// <summary>Serve the public gRPC API (section "Gateway").</summary>
    public bool Gateway { get; set; } = true;

    public void Validate()
    {
        if (!Silo && !Gateway) throw new ArgumentException($"{SectionName}: at least one of {nameof(Silo)} and {nameof(Gateway)} must be true.");
    }

    public override string ToString() => $"Silo={Silo}, Gateway={Gateway}";
}
