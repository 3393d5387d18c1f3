using Orleans.Metadata;
using Orleans.Placement;
using Orleans.Runtime;

namespace LLMEmbed.Grains.Placement;

/// <summary>
/// Keeps only silos whose metadata <see cref="RequiredKey"/> equals <see cref="RequiredValue"/> (a
/// fixed value, not the caller's, unlike Orleans' built-in metadata filters) and among them prefers
/// those whose <see cref="PreferredKey"/> equals <see cref="PreferredValue"/>.
/// </summary>
public sealed class BackboneHostPlacementFilterStrategy : PlacementFilterStrategy
{
    private const string RequiredKeyProperty = "required-key";
    private const string RequiredValueProperty = "required-value";
    private const string PreferredKeyProperty = "preferred-key";
    private const string PreferredValueProperty = "preferred-value";

    /// <summary>Used by Orleans on the placing silo; fields come back from grain properties.</summary>
    public BackboneHostPlacementFilterStrategy() : this(SiloRoleOptions.BackboneHostKey, "true", SiloRoleOptions.AcceleratorKey, SiloRoleOptions.Cuda) { }

    public BackboneHostPlacementFilterStrategy(string requiredKey, string requiredValue, string preferredKey, string preferredValue, int order = 0)
        : base(order)
    {
        RequiredKey = requiredKey;
        RequiredValue = requiredValue;
        PreferredKey = preferredKey;
        PreferredValue = preferredValue;
    }

    public string RequiredKey { get; private set; }
    public string RequiredValue { get; private set; }
    public string PreferredKey { get; private set; }
    public string PreferredValue { get; private set; }

    public override void AdditionalInitialize(GrainProperties properties)
    {
        RequiredKey = GetPlacementFilterGrainProperty(RequiredKeyProperty, properties) ?? RequiredKey;
        RequiredValue = GetPlacementFilterGrainProperty(RequiredValueProperty, properties) ?? RequiredValue;
        PreferredKey = GetPlacementFilterGrainProperty(PreferredKeyProperty, properties) ?? PreferredKey;
        PreferredValue = GetPlacementFilterGrainProperty(PreferredValueProperty, properties) ?? PreferredValue;
    }

    protected override IEnumerable<KeyValuePair<string, string>> GetAdditionalGrainProperties(
        IServiceProvider services, Type grainClass, GrainType grainType, IReadOnlyDictionary<string, string> existingProperties)
    {
        yield return new(RequiredKeyProperty, RequiredKey);
        yield return new(RequiredValueProperty, RequiredValue);
        yield return new(PreferredKeyProperty, PreferredKey);
        yield return new(PreferredValueProperty, PreferredValue);
    }
}
