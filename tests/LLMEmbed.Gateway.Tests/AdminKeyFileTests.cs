using LLMEmbed.Gateway.Security;

namespace LLMEmbed.Gateway.Tests;

public sealed class AdminKeyFileTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "llmembed-adminkey-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void Generates_once_owner_only_and_reads_back()
    {
        var key = AdminKeyFile.LoadOrCreate(_directory, out var path, out var created);
        Assert.True(created);
        Assert.Equal(Path.Combine(_directory, "admin.key"), path);
        Assert.True(key.Length >= GatewayOptions.MinAdminKeyLength);
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));

        var again = AdminKeyFile.LoadOrCreate(_directory, out _, out var createdAgain);
        Assert.False(createdAgain);
        Assert.Equal(key, again);
    }

    [Fact]
    public void A_truncated_key_file_is_an_error_naming_the_file()
    {
        Directory.CreateDirectory(_directory);
        File.WriteAllText(Path.Combine(_directory, "admin.key"), "short\n");
        var error = Assert.Throws<InvalidDataException>(() => AdminKeyFile.LoadOrCreate(_directory, out _, out _));
        Assert.Contains("admin.key", error.Message);
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }
}
