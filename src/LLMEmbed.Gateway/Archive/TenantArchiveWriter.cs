using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text.Json;

namespace LLMEmbed.Gateway.Archive;

/// <summary>
/// Writes a tenant archive to a stream one entry at a time (only the entry being written is held), each with its
/// SHA-256; <see cref="FinishAsync"/> appends manifest.json and the tar end marker.
/// </summary>
public sealed class TenantArchiveWriter : IAsyncDisposable
{
    private readonly TarWriter _tar;
    private readonly List<ArchiveManifestEntry> _written = [];
    private bool _finished;

    public TenantArchiveWriter(Stream output) => _tar = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true);

    public int Entries => _written.Count;

    public Task WriteHeaderAsync(ArchiveHeader header, CancellationToken cancellationToken) =>
        WriteEntryAsync(ArchiveLayout.HeaderEntry, JsonSerializer.SerializeToUtf8Bytes(header, ArchiveLayout.Json), cancellationToken);

    public async Task WriteEntryAsync(string name, byte[] data, CancellationToken cancellationToken)
    {
        if (_finished) throw new InvalidOperationException("the archive is finished.");
        if (data.LongLength > ArchiveLayout.MaxEntryBytes)
            throw new InvalidOperationException($"entry {name} is {data.LongLength} bytes, over the archive's limit of {ArchiveLayout.MaxEntryBytes}.");
        var sha = Convert.ToHexStringLower(SHA256.HashData(data));
        var entry = new PaxTarEntry(TarEntryType.RegularFile, name, new Dictionary<string, string> { [ArchiveLayout.Sha256Attribute] = sha })
        {
            DataStream = new MemoryStream(data, writable: false),
            ModificationTime = DateTimeOffset.UtcNow,
        };
        await _tar.WriteEntryAsync(entry, cancellationToken);
        _written.Add(new ArchiveManifestEntry(name, data.LongLength, sha));
    }

    /// <summary>Writes manifest.json (every entry so far) and ends the tar.</summary>
    public async Task FinishAsync(CancellationToken cancellationToken)
    {
        var manifest = new ArchiveManifest(ArchiveLayout.FormatVersion, [.. _written]);
        await WriteEntryAsync(ArchiveLayout.ManifestEntry, JsonSerializer.SerializeToUtf8Bytes(manifest, ArchiveLayout.Json), cancellationToken);
        _finished = true;
        await _tar.DisposeAsync(); // writes the two zero blocks that end a tar
    }

    public ValueTask DisposeAsync() => _finished ? ValueTask.CompletedTask : _tar.DisposeAsync();
}
