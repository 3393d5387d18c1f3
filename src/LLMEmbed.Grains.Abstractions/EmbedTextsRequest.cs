using LLMEmbed.Core.Pooling;

namespace LLMEmbed.Grains;

/// <summary>
/// Texts to embed with one backbone; each text gets one vector per tap. With <see cref="Truncate"/>
/// false, a text over the backbone's token limit fails the call (nothing is run); with true it is
/// cut and flagged in <see cref="EmbeddingBlob.Truncated"/>.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record EmbedTextsRequest(
    [property: Id(0)] string[] Texts,
    [property: Id(1)] int[] Taps,
    [property: Id(2)] PoolingKind Pooling,
    [property: Id(3)] EmbeddingPrecision Precision = EmbeddingPrecision.Float32,
    [property: Id(4)] bool Truncate = true)
{
    /// <summary>Throws <see cref="ArgumentException"/> naming the field at fault.</summary>
    public void Validate()
    {
        if (Texts is null || Texts.Length == 0) throw new ArgumentException("Texts: at least one text is required.");
        if (Texts.Length > ClusterLimits.MaxTextsPerCall)
            throw new ArgumentException($"Texts: {Texts.Length} texts exceed the limit of {ClusterLimits.MaxTextsPerCall} per call.");
        for (var i = 0; i < Texts.Length; i++)
        {
            if (Texts[i] is null) throw new ArgumentException($"Texts[{i}] is null.");
            if (Texts[i].Length > ClusterLimits.MaxTextChars)
                throw new ArgumentException($"Texts[{i}]: {Texts[i].Length} characters exceed the limit of {ClusterLimits.MaxTextChars}.");
        }
        if (Taps is null || Taps.Length == 0) throw new ArgumentException("Taps: at least one tap is required.");
        if (!Enum.IsDefined(Pooling)) throw new ArgumentException($"Pooling: unknown value {(int)Pooling}.");
        if (!Enum.IsDefined(Precision)) throw new ArgumentException($"Precision: unknown value {(int)Precision}.");
    }
}
