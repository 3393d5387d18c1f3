using Orleans.Placement;

namespace LLMEmbed.Grains.Placement;

/// <summary>Places the grain only on backbone-host silos, preferring CUDA ones.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class BackboneHostPlacementFilterAttribute() : PlacementFilterAttribute(new BackboneHostPlacementFilterStrategy());
