using System.Formats.Tar;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.Json;
using LLMEmbed.Grains.Abstractions.Errors;
using LLMEmbed.Grains.Abstractions.Tenants;

namespace LLMEmbed.Gateway.Archive;

/// <summary>
/// Reads a tenant archive from a stream as it arrives, one entry held at a time, and refuses what is not one
/// (InvalidArgument naming the entry): an entry out of the layout's order or unknown to it, over
/// <see cref="ArchiveLayout.MaxEntryBytes"/>, cut short, or whose bytes do not match its SHA-256; a format
/// version this gateway does not read; and a manifest that does not list exactly the entries read. The
/// enumeration completes only after the manifest checked out, so a caller commits only then.
/// </summary>
public static class TenantArchiveReader
{
    public static async IAsyncEnumerable<ArchiveEntry> ReadAsync(Stream input, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var tar = new TarReader(input, leaveOpen: true);
        var read = new List<ArchiveManifestEntry>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            var entry = await Next(tar, read.Count, cancellationToken)
                ?? throw Invalid(ArchiveLayout.ManifestEntry, read.Count == 0 ? "the archive is empty" : "missing: the archive ends before it (truncated?)");
            var (data, sha) = await DataOf(entry, cancellationToken);
            CheckPlace(entry.Name, read.Count, names);
            if (entry.Name == ArchiveLayout.ManifestEntry)
            {
                CheckManifest(data, read);
                if (await Next(tar, read.Count + 1, cancellationToken) is { } extra) throw Invalid(extra.Name, $"it follows {ArchiveLayout.ManifestEntry}, which must be last");
                yield break;
            }
            if (read.Count == 0) CheckHeader(data);
            read.Add(new ArchiveManifestEntry(entry.Name, data.LongLength, sha));
            names.Add(entry.Name);
            yield return new ArchiveEntry(entry.Name, data);
        }
    }

    /// <summary>Parses archive.json (the first entry's bytes).</summary>
    public static ArchiveHeader Header(byte[] data)
    {
        try
        {
            return JsonSerializer.Deserialize<ArchiveHeader>(data, ArchiveLayout.Json) ?? throw Invalid(ArchiveLayout.HeaderEntry, "it is empty");
        }
        catch (JsonException e)
        {
            throw Invalid(ArchiveLayout.HeaderEntry, $"it is not valid JSON ({e.Message})");
        }
    }

    private static async Task<TarEntry?> Next(TarReader tar, int index, CancellationToken cancellationToken)
    {
        try
        {
            return await tar.GetNextEntryAsync(copyData: false, cancellationToken);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or FormatException or ArgumentException)
        {
            throw new InvalidRequestException($"archive: entry {index + 1} is not a readable tar entry ({e.Message}); is the file a tenant archive, whole?", "archive");
        }
    }

    private static async Task<(byte[] Data, string Sha)> DataOf(TarEntry entry, CancellationToken cancellationToken)
    {
        if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile)) throw Invalid(entry.Name, $"it is a {entry.EntryType}, not a file");
        if (entry.Length > ArchiveLayout.MaxEntryBytes) throw Invalid(entry.Name, $"it is {entry.Length} bytes, over the limit of {ArchiveLayout.MaxEntryBytes}");
        if (entry is not PaxTarEntry pax || !pax.ExtendedAttributes.TryGetValue(ArchiveLayout.Sha256Attribute, out var expected))
            throw Invalid(entry.Name, $"it has no {ArchiveLayout.Sha256Attribute} attribute (not written by llmembed tenant export)");
        var data = new byte[entry.Length];
        var filled = 0;
        if (entry.DataStream is { } stream)
        {
            try
            {
                while (filled < data.Length && await stream.ReadAsync(data.AsMemory(filled), cancellationToken) is var n and > 0) filled += n;
            }
            catch (EndOfStreamException) { }
        }
        if (filled != data.Length) throw Invalid(entry.Name, $"it is cut short: {filled} of its {data.Length} bytes arrived (truncated archive?)");
        var sha = Convert.ToHexStringLower(SHA256.HashData(data));
        if (!string.Equals(sha, expected, StringComparison.OrdinalIgnoreCase)) throw Invalid(entry.Name, "its bytes do not match its SHA-256 (the archive is damaged)");
        return (data, sha);
    }

    /// <summary>archive.json, then state.bin, then pieces (each once), then manifest.json.</summary>
    private static void CheckPlace(string name, int index, HashSet<string> seen)
    {
        if (index == 0 && name != ArchiveLayout.HeaderEntry) throw Invalid(name, $"the archive must start with {ArchiveLayout.HeaderEntry}");
        if (index == 1 && name != ArchiveLayout.StateEntry) throw Invalid(name, $"{ArchiveLayout.StateEntry} must follow {ArchiveLayout.HeaderEntry}");
        if (index < 2 || name == ArchiveLayout.ManifestEntry) return;
        if (ArchivePiece.FromEntryName(name) is null) throw Invalid(name, "no tenant archive has such an entry");
        if (seen.Contains(name)) throw Invalid(name, "it appears twice");
    }

    private static void CheckHeader(byte[] data)
    {
        var header = Header(data);
        if (header.Product != ArchiveLayout.Product) throw Invalid(ArchiveLayout.HeaderEntry, $"product \"{header.Product}\" is not {ArchiveLayout.Product}");
        if (header.Format != ArchiveLayout.FormatVersion)
            throw Invalid(ArchiveLayout.HeaderEntry, $"format {header.Format}; this gateway reads format {ArchiveLayout.FormatVersion}");
        if (header.Backbones is null || header.Backbones.Any(b => b is null || string.IsNullOrEmpty(b.Backbone)))
            throw Invalid(ArchiveLayout.HeaderEntry, "it does not name the backbones that made the archive's vectors");
        if (string.IsNullOrEmpty(header.Tenant)) throw Invalid(ArchiveLayout.HeaderEntry, "it names no tenant");
    }

    private static void CheckManifest(byte[] data, List<ArchiveManifestEntry> read)
    {
        ArchiveManifest? manifest;
        try { manifest = JsonSerializer.Deserialize<ArchiveManifest>(data, ArchiveLayout.Json); }
        catch (JsonException e) { throw Invalid(ArchiveLayout.ManifestEntry, $"it is not valid JSON ({e.Message})"); }
        var listed = manifest?.Entries ?? [];
        for (var i = 0; i < Math.Max(listed.Length, read.Count); i++)
        {
            if (i >= read.Count) throw Invalid(listed[i].Name, "missing: the manifest lists it but the archive does not carry it");
            if (i >= listed.Length) throw Invalid(read[i].Name, "the manifest does not list it");
            var (want, got) = (listed[i], read[i]);
            if (want.Name != got.Name) throw Invalid(got.Name, $"the manifest lists {want.Name} in its place");
            if (want.Bytes != got.Bytes || !string.Equals(want.Sha256, got.Sha256, StringComparison.OrdinalIgnoreCase))
                throw Invalid(got.Name, "its length or SHA-256 differs from the manifest's");
        }
    }

    private static InvalidRequestException Invalid(string entry, string problem) => new($"archive entry {entry}: {problem}.", "archive");
}
