using System.Security.Cryptography;

namespace LLMEmbed.Gateway.Security;

/// <summary>
/// The embedded default's admin key: generated once into <c>{directory}/admin.key</c> (mode 0600 on
/// Unix) and read back on later starts, so a single-machine install works without configuration.
/// </summary>
public static class AdminKeyFile
{
    public const string FileName = "admin.key";

    /// <summary>The stored key, creating it first when absent; <paramref name="created"/> says which.</summary>
    public static string LoadOrCreate(string directory, out string path, out bool created)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory.CreateDirectory(directory);
        path = Path.Combine(Path.GetFullPath(directory), FileName);
        if (File.Exists(path))
        {
            var existing = File.ReadAllText(path).Trim();
            if (existing.Length < GatewayOptions.MinAdminKeyLength)
                throw new InvalidDataException($"{path}: the stored admin key is shorter than {GatewayOptions.MinAdminKeyLength} characters; delete the file to generate a new one.");
            created = false;
            return existing;
        }
        var key = "lla_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var writer = new StreamWriter(path, options)) writer.WriteLine(key);
        created = true;
        return key;
    }
}
