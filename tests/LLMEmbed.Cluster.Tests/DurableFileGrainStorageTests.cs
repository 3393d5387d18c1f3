using System.Diagnostics;
using LLMEmbed.Grains.Storage;
using LLMEmbed.StorageCrashWriter;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;

namespace LLMEmbed.Cluster.Tests;

public sealed class DurableFileGrainStorageTests : IDisposable
{
    private static readonly GrainId Probe = GrainId.Create("crash-probe", "probe");
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "llmembed-storage-" + Guid.NewGuid().ToString("N"));
    private readonly DurableFileGrainStorage _storage;

    public DurableFileGrainStorageTests()
    {
        var serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();
        _storage = new DurableFileGrainStorage("test", new DurableFileStorageOptions { RootDirectory = _directory }, new OrleansGrainStorageSerializer(serializer));
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }

    private async Task<GrainState<byte[]>> Load()
    {
        var state = new GrainState<byte[]>([]);
        await _storage.ReadStateAsync("probe", Probe, state);
        return state;
    }

    [Fact]
    public async Task Missing_state_reads_as_absent()
    {
        var state = await Load();
        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
    }

    [Fact]
    public async Task Written_state_reads_back_with_a_new_etag_each_time()
    {
        var state = new GrainState<byte[]>(CrashProbePattern.Make(1));
        await _storage.WriteStateAsync("probe", Probe, state);
        var first = state.ETag;
        state.State = CrashProbePattern.Make(2);
        await _storage.WriteStateAsync("probe", Probe, state);
        Assert.NotEqual(first, state.ETag);
        var loaded = await Load();
        Assert.True(loaded.RecordExists);
        Assert.Equal(state.ETag, loaded.ETag);
        Assert.Equal(2, CrashProbePattern.VersionOf(loaded.State!));
    }

    [Fact]
    public async Task A_stale_etag_is_refused()
    {
        var writer = new GrainState<byte[]>(CrashProbePattern.Make(1));
        await _storage.WriteStateAsync("probe", Probe, writer);
        var stale = await Load();
        writer.State = CrashProbePattern.Make(2);
        await _storage.WriteStateAsync("probe", Probe, writer);
        stale.State = CrashProbePattern.Make(3);
        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync("probe", Probe, stale));
        Assert.Equal(2, CrashProbePattern.VersionOf((await Load()).State!));
    }

    [Fact]
    public async Task Clear_deletes_and_older_etags_stay_stale()
    {
        var state = new GrainState<byte[]>(CrashProbePattern.Make(1));
        await _storage.WriteStateAsync("probe", Probe, state);
        var before = state.ETag;
        await _storage.ClearStateAsync("probe", Probe, state);
        Assert.False((await Load()).RecordExists);
        Assert.Empty(Directory.GetFiles(_directory, "*.state", SearchOption.AllDirectories));
        var stale = new GrainState<byte[]>(CrashProbePattern.Make(9)) { ETag = before };
        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync("probe", Probe, stale));
    }

    [Fact]
    public async Task A_damaged_file_is_detected_not_loaded()
    {
        var state = new GrainState<byte[]>(CrashProbePattern.Make(5));
        await _storage.WriteStateAsync("probe", Probe, state);
        var path = Directory.GetFiles(_directory, "*.state", SearchOption.AllDirectories).Single();
        var bytes = await File.ReadAllBytesAsync(path);
        await File.WriteAllBytesAsync(path, bytes[..^10]);
        var truncated = await Assert.ThrowsAsync<InvalidDataException>(Load);
        Assert.Contains(path, truncated.Message);
        bytes[^1] ^= 0xFF;
        await File.WriteAllBytesAsync(path, bytes);
        await Assert.ThrowsAsync<InvalidDataException>(Load);
    }

    [Fact]
    public async Task Distinct_grain_ids_map_to_distinct_files()
    {
        var a = new GrainState<byte[]>(CrashProbePattern.Make(1));
        var b = new GrainState<byte[]>(CrashProbePattern.Make(2));
        await _storage.WriteStateAsync("probe", GrainId.Create("t", "a/b"), a);
        await _storage.WriteStateAsync("probe", GrainId.Create("t", "a_b"), b);
        Assert.Equal(2, Directory.GetFiles(_directory, "*.state", SearchOption.AllDirectories).Length);
    }

    [Fact]
    public async Task Killing_a_writer_at_random_instants_leaves_a_whole_state()
    {
        // Run the writer from its own build output: the copy beside the tests carries a deps file
        // that does not match the tests' newer dependency versions.
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var writer = Path.GetFullPath(Path.Combine(output.FullName, "..", "..", "..", "..",
            "LLMEmbed.StorageCrashWriter", "bin", output.Parent!.Name, output.Name, "LLMEmbed.StorageCrashWriter.dll"));
        Assert.True(File.Exists(writer), $"Crash writer not found at {writer}.");
        var random = new Random(1234);
        var lastConfirmed = 0;
        for (var round = 0; round < 5; round++)
        {
            var confirmed = await RunAndKill(writer, random.Next(2, 30));
            var loaded = await Load();
            Assert.True(loaded.RecordExists);
            var version = CrashProbePattern.VersionOf(loaded.State!);
            // The write in flight at the kill may or may not have landed; nothing else is possible.
            Assert.InRange(version, Math.Max(confirmed, lastConfirmed), Math.Max(confirmed, lastConfirmed) + 1);
            Assert.True(version > lastConfirmed, $"Round {round}: no progress (version {version}).");
            lastConfirmed = version;
        }
    }

    /// <summary>Starts the writer, kills it (SIGKILL) once it has confirmed <paramref name="writes"/> writes (mid-way through a later one), returns the last version it reported written.</summary>
    private async Task<int> RunAndKill(string writer, int writes)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(writer);
        start.ArgumentList.Add(_directory);
        using var process = Process.Start(start)!;
        var lines = new List<string>();
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var confirmedWrites = 0;
        var reader = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                lock (lines) lines.Add(line);
                // Kill on a count of confirmed writes, not a clock: on a loaded machine start-up and fsyncs
                // take any time, and the writer is always inside its next write when the count is reached.
                if (int.TryParse(line, out _) && ++confirmedWrites >= writes) reached.TrySetResult();
            }
            reached.TrySetResult();
        });
        await reached.Task.WaitAsync(TimeSpan.FromSeconds(60));
        process.Kill();
        await process.WaitForExitAsync();
        await reader;
        var written = lines.Where(l => !l.StartsWith("start", StringComparison.Ordinal)).Select(int.Parse).ToList();
        Assert.True(written.Count > 0, "The writer wrote nothing before it was killed: " + await process.StandardError.ReadToEndAsync());
        return written[^1];
    }
}
