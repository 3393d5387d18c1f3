using System.Diagnostics.CodeAnalysis;

namespace LLMEmbed.Grains.Tenants;

/// <summary>The minimal <see cref="IGrainState{T}"/> for reading and writing a record through IGrainStorage directly.</summary>
internal sealed class StoredRecord<T>(T state) : IGrainState<T>
{
    [AllowNull]
    public T State { get; set; } = state;
    public string? ETag { get; set; }
    public bool RecordExists { get; set; }
}
