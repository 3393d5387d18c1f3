using System.Diagnostics;
using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LLMEmbed.Gateway.Archive;
using LLMEmbed.Grains.Abstractions.Errors;
using LLMEmbed.Grains.Abstractions.Tenants;

namespace LLMEmbed.Gateway.Tests.Archive;

/// <summary>The tenant archive's writer and reader alone (no host): the layout, the checksums, and every way an archive is refused.</summary>
public sealed class TenantArchiveFormatTests
{
    private static readonly ArchiveHeader Header = new(ArchiveLayout.FormatVersion, ArchiveLayout.Product, "shop", DateTimeOffset.UnixEpoch,
        "last", 4, 2, 3, 2, 1, 0, true, [new BackboneFingerprint("minilm-l6", new string('a', 64), "fp32")]);
    private static readonly (string Name, byte[] Data)[] Records =
    [
        (ArchiveLayout.StateEntry, Bytes(1, 300)),
        ("segments/000000.bin", Bytes(2, 5000)),
        ("segments/000001.bin", Bytes(3, 700)),
        ("heads/task0/v000001.bin", Bytes(4, 1200)),
    ];

    [Fact]
    public async Task Entries_come_back_in_order_with_their_bytes_and_tar_lists_the_layout()
    {
        var archive = await WriteAsync(Header, Records);
        var read = await ReadAllAsync(archive);
        Assert.Equal([ArchiveLayout.HeaderEntry, .. Records.Select(r => r.Name)], read.Select(e => e.Name));
        for (var i = 0; i < Records.Length; i++) Assert.Equal(Records[i].Data, read[i + 1].Data);
        var header = TenantArchiveReader.Header(read[0].Data);
        Assert.Equal(Header with { Backbones = [] }, header with { Backbones = [] }); // arrays compare by reference
        Assert.Equal(Header.Backbones, header.Backbones);

        // A plain tar: the system's tar lists it, manifest last.
        var path = Path.Combine(Path.GetTempPath(), $"llmembed-archive-{Guid.NewGuid():N}.tar");
        await File.WriteAllBytesAsync(path, archive);
        try
        {
            var listed = await TarListAsync(path);
            Assert.Equal([ArchiveLayout.HeaderEntry, .. Records.Select(r => r.Name), ArchiveLayout.ManifestEntry], listed);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public async Task The_manifest_lists_every_entry_with_its_length_and_sha256()
    {
        var archive = await WriteAsync(Header, Records);
        await using var tar = new TarReader(new MemoryStream(archive));
        TarEntry? entry, last = null;
        while ((entry = await tar.GetNextEntryAsync(copyData: true)) is not null) last = entry;
        Assert.Equal(ArchiveLayout.ManifestEntry, last!.Name);
        var manifest = JsonSerializer.Deserialize<ArchiveManifest>(last.DataStream!, ArchiveLayout.Json)!;
        Assert.Equal(Records.Length + 1, manifest.Entries.Length);
        var segment = manifest.Entries.Single(e => e.Name == "segments/000000.bin");
        Assert.Equal(5000, segment.Bytes);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Records[1].Data)), segment.Sha256);
    }

    [Fact]
    public async Task A_flipped_byte_in_a_segment_is_refused_naming_that_entry_before_it_is_handed_out()
    {
        var archive = await WriteAsync(Header, Records);
        var at = IndexOf(archive, Records[2].Data); // segments/000001.bin's bytes
        archive[at + 100] ^= 0x01;
        var handed = new List<string>();
        var error = await Assert.ThrowsAsync<InvalidRequestException>(async () =>
        {
            await foreach (var e in TenantArchiveReader.ReadAsync(new MemoryStream(archive), CancellationToken.None)) handed.Add(e.Name);
        });
        Assert.Contains("segments/000001.bin", error.Message);
        Assert.Contains("SHA-256", error.Message);
        Assert.DoesNotContain("segments/000001.bin", handed);
    }

    [Theory]
    [InlineData(0)] // inside the state
    [InlineData(1)] // inside a segment
    [InlineData(-1)] // inside the manifest: every record arrived, the proof that nothing is missing did not
    public async Task A_truncated_archive_never_completes(int record)
    {
        var archive = await WriteAsync(Header, Records);
        var at = record >= 0 ? IndexOf(archive, Records[record].Data) + 10 : IndexOf(archive, "\"entries\""u8.ToArray()) + 5;
        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => ReadAllAsync(archive[..at]));
        Assert.Equal("archive", error.Field);
        Assert.Contains(record >= 0 ? Records[record].Name : ArchiveLayout.ManifestEntry, error.Message);
    }

    [Fact]
    public async Task A_manifest_listing_an_entry_the_archive_lacks_names_it_missing()
    {
        var listed = Records.Append(("heads/task0/v000002.bin", Bytes(5, 10))).ToArray();
        var archive = await RawAsync(Header, Records, manifestOf: listed);
        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => ReadAllAsync(archive));
        Assert.Contains("heads/task0/v000002.bin", error.Message);
        Assert.Contains("missing", error.Message);
    }

    [Fact]
    public async Task Another_format_version_is_refused_naming_archive_json()
    {
        var archive = await WriteAsync(Header with { Format = 2 }, Records);
        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => ReadAllAsync(archive));
        Assert.Contains("archive.json", error.Message);
        Assert.Contains("format 2", error.Message);
    }

    [Fact]
    public async Task A_header_that_names_no_backbones_is_refused()
    {
        var archive = await WriteAsync(Header with { Backbones = null! }, Records);
        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => ReadAllAsync(archive));
        Assert.Contains("archive.json", error.Message);
        Assert.Contains("backbones", error.Message);
    }

    [Fact]
    public async Task Entries_out_of_order_unknown_or_unchecksummed_are_refused()
    {
        var swapped = await RawAsync(Header, [Records[1], Records[0], .. Records[2..]], manifestOf: Records);
        Assert.Contains("state.bin must follow", (await Assert.ThrowsAsync<InvalidRequestException>(() => ReadAllAsync(swapped))).Message);

        var unknown = await RawAsync(Header, [.. Records, ("notes.txt", Bytes(6, 3))], manifestOf: Records);
        Assert.Contains("notes.txt", (await Assert.ThrowsAsync<InvalidRequestException>(() => ReadAllAsync(unknown))).Message);

        using var plain = new MemoryStream();
        await using (var tar = new TarWriter(plain, TarEntryFormat.Ustar, leaveOpen: true))
            await tar.WriteEntryAsync(new UstarTarEntry(TarEntryType.RegularFile, ArchiveLayout.HeaderEntry) { DataStream = new MemoryStream(Bytes(7, 5)) });
        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => ReadAllAsync(plain.ToArray()));
        Assert.Contains(ArchiveLayout.Sha256Attribute, error.Message);
    }

    [Fact]
    public async Task Bytes_that_are_no_tar_are_refused()
    {
        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => ReadAllAsync(Encoding.UTF8.GetBytes(new string('x', 2000))));
        Assert.Equal("archive", error.Field);
    }

    private static async Task<byte[]> WriteAsync(ArchiveHeader header, (string Name, byte[] Data)[] records)
    {
        using var output = new MemoryStream();
        await using (var writer = new TenantArchiveWriter(output))
        {
            await writer.WriteHeaderAsync(header, CancellationToken.None);
            foreach (var (name, data) in records) await writer.WriteEntryAsync(name, data, CancellationToken.None);
            await writer.FinishAsync(CancellationToken.None);
        }
        return output.ToArray();
    }

    /// <summary>An archive with checksummed entries but a manifest of the caller's choosing (what the writer never produces).</summary>
    private static async Task<byte[]> RawAsync(ArchiveHeader header, (string Name, byte[] Data)[] records, (string Name, byte[] Data)[] manifestOf)
    {
        var headerBytes = JsonSerializer.SerializeToUtf8Bytes(header, ArchiveLayout.Json);
        var manifest = new ArchiveManifest(ArchiveLayout.FormatVersion,
            [new ArchiveManifestEntry(ArchiveLayout.HeaderEntry, headerBytes.Length, Sha(headerBytes)), .. manifestOf.Select(r => new ArchiveManifestEntry(r.Name, r.Data.Length, Sha(r.Data)))]);
        using var output = new MemoryStream();
        await using (var tar = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (name, data) in new[] { (ArchiveLayout.HeaderEntry, headerBytes) }.Concat(records)
                         .Append((ArchiveLayout.ManifestEntry, JsonSerializer.SerializeToUtf8Bytes(manifest, ArchiveLayout.Json))))
                await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, name, new Dictionary<string, string> { [ArchiveLayout.Sha256Attribute] = Sha(data) })
                    { DataStream = new MemoryStream(data) });
        }
        return output.ToArray();
    }

    private static async Task<List<ArchiveEntry>> ReadAllAsync(byte[] archive)
    {
        var entries = new List<ArchiveEntry>();
        await foreach (var e in TenantArchiveReader.ReadAsync(new MemoryStream(archive), CancellationToken.None)) entries.Add(e);
        return entries;
    }

    private static async Task<string[]> TarListAsync(string path)
    {
        var start = new ProcessStartInfo("tar") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("tf");
        start.ArgumentList.Add(path);
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, await process.StandardError.ReadToEndAsync());
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    private static string Sha(byte[] data) => Convert.ToHexStringLower(SHA256.HashData(data));

    /// <summary>Deterministic bytes that differ per seed, so each record's bytes are findable in the archive.</summary>
    private static byte[] Bytes(int seed, int length)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        var at = haystack.AsSpan().IndexOf(needle);
        Assert.True(at >= 0, "the record's bytes are not in the archive");
        return at;
    }
}
