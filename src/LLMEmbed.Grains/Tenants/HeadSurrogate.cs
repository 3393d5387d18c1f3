using LLMEmbed.Core.Heads;

namespace LLMEmbed.Grains.Tenants;

/// <summary>
/// A <see cref="Head"/> crossing silos travels as its <see cref="HeadSerializer"/> bytes. Within a silo
/// it is handed over as the object (the messages carrying it are immutable), so a trained head is
/// serialised only when it is stored.
/// </summary>
[GenerateSerializer, Alias("llmembed.tenant.HeadSurrogate")]
public struct HeadSurrogate
{
    [Id(0)] public byte[] Bytes;
}

[RegisterConverter]
public sealed class HeadSurrogateConverter : IConverter<Head, HeadSurrogate>
{
    public Head ConvertFromSurrogate(in HeadSurrogate surrogate) => HeadSerializer.FromBytes(surrogate.Bytes);

    public HeadSurrogate ConvertToSurrogate(in Head value) => new() { Bytes = HeadSerializer.ToBytes(value) };
}
