using System.Security.Cryptography;

namespace LLMEmbed.Core.Models;

/// <summary>SHA-256 helpers and atomic writes for cached artefacts.</summary>
internal static class FileDigest
{
    public static string Sha256Hex(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>
    /// Writes through <paramref name="write"/> into a temporary file beside <paramref name="path"/>,
    /// hashes it, then renames it into place so readers never see half a file.
    /// <paramref name="check"/> sees the digest first and may throw, in which case nothing is kept.
    /// </summary>
    public static string WriteAtomically(string path, Action<Stream> write, Action<string>? check = null)
    {
        var temp = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
                write(file);
            var digest = Sha256Hex(temp);
            check?.Invoke(digest);
            File.Move(temp, path, overwrite: true);
            return digest;
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>Writes a small text file atomically.</summary>
    public static void WriteTextAtomically(string path, string text)
    {
        var temp = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        File.WriteAllText(temp, text);
        File.Move(temp, path, overwrite: true);
    }
}
