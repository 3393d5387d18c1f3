using LLMEmbed.Core.Backbones;
using LLMEmbed.Core.Pooling;
using LLMEmbed.Grains.Abstractions.Backbones;

namespace LLMEmbed.Grains.Backbones;

/// <summary>The one place where backbone contracts meet Core's types.</summary>
public static class ContractMapping
{
    public static PoolingKind ToCore(this PoolingContract pooling) => pooling switch
    {
        PoolingContract.Mean => PoolingKind.Mean,
        PoolingContract.First => PoolingKind.First,
        PoolingContract.Last => PoolingKind.Last,
        PoolingContract.Max => PoolingKind.Max,
        PoolingContract.UnmaskedMean => PoolingKind.UnmaskedMean,
        _ => throw new ArgumentOutOfRangeException(nameof(pooling), pooling, "Unknown pooling."),
    };

    public static PoolingContract ToContract(this PoolingKind pooling) => pooling switch
    {
        PoolingKind.Mean => PoolingContract.Mean,
        PoolingKind.First => PoolingContract.First,
        PoolingKind.Last => PoolingContract.Last,
        PoolingKind.Max => PoolingContract.Max,
        PoolingKind.UnmaskedMean => PoolingContract.UnmaskedMean,
        _ => throw new ArgumentOutOfRangeException(nameof(pooling), pooling, "Unknown pooling."),
    };

    public static EmbeddingBlob ToBlob(this PooledLayers layers, EmbeddingPrecision precision) =>
        EmbeddingBlob.Pack(layers.Sequences, layers.Taps, layers.Hidden, layers.Data, precision);

    public static PooledLayers ToPooledLayers(this EmbeddingBlob blob) =>
        new(blob.Sequences, blob.Taps, blob.Hidden, blob.Unpack());
}
