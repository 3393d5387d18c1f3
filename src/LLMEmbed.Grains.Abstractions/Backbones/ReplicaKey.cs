namespace LLMEmbed.Grains.Abstractions.Backbones;

/// <summary>
/// The key of a backbone replica grain: "{backbone}/{silo}" with the silo in Orleans' parsable form
/// (address:port@generation), so a restarted silo (new generation) gets new replicas.
/// </summary>
public static class ReplicaKey
{
    private const char Separator = '/';

    public static string Format(string backboneId, SiloAddress silo)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(backboneId);
        ArgumentNullException.ThrowIfNull(silo);
        if (backboneId.Contains(Separator)) throw new ArgumentException($"Backbone id '{backboneId}' must not contain '{Separator}'.", nameof(backboneId));
        return $"{backboneId}{Separator}{silo.ToParsableString()}";
    }

    /// <summary>False when the key is not of the replica form (such a grain is never placed).</summary>
    public static bool TryParse(string key, out string backboneId, out SiloAddress silo)
    {
        backboneId = "";
        silo = null!;
        var at = key?.IndexOf(Separator) ?? -1;
        if (at <= 0 || at == key!.Length - 1) return false;
        try
        {
            silo = SiloAddress.FromParsableString(key[(at + 1)..]);
        }
        catch (FormatException)
        {
            return false;
        }
        backboneId = key[..at];
        return true;
    }
}
