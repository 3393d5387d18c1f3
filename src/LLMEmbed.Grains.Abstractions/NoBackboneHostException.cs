namespace LLMEmbed.Grains;

/// <summary>
/// A backbone grain could not be placed: no silo known to host backbones is in the cluster (or
/// a newly joined host's metadata has not arrived yet). Transient; retry after a short delay.
/// </summary>
[GenerateSerializer]
public sealed class NoBackboneHostException : Exception
{
    public NoBackboneHostException(string message) : base(message) { }
}
