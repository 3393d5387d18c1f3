namespace LLMEmbed.Grains.Abstractions.Backbones;

/// <summary>
/// How a replica pools a layer's token vectors; the contract twin of Core's PoolingKind (same
/// names and values), mapped once where grains meet Core.
/// </summary>
[GenerateSerializer, Alias("llmembed.backbones.PoolingContract")]
public enum PoolingContract
{
    Mean = 0,
    First = 1,
    Last = 2,
    Max = 3,
    UnmaskedMean = 4,
}
