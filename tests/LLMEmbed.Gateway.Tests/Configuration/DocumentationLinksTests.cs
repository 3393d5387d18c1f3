using System.Text.RegularExpressions;

namespace LLMEmbed.Gateway.Tests.Configuration;

/// <summary>Every relative link in README.md and docs/*.md points at a file of the repository.</summary>
public sealed partial class DocumentationLinksTests
{
    [Fact]
    public void Relative_links_resolve()
    {
        var pages = new[] { RepositoryFiles.Path("README.md"), RepositoryFiles.Path("models", "README.md"), RepositoryFiles.Path("deploy", "README.md") }
            .Concat(Directory.GetFiles(RepositoryFiles.Path("docs"), "*.md"));
        var broken = new List<string>();
        var checkedLinks = 0;
        foreach (var page in pages)
            foreach (Match link in Link().Matches(File.ReadAllText(page)))
            {
                var target = link.Groups[1].Value.Split('#')[0];
                if (target.Length == 0 || target.Contains("://", StringComparison.Ordinal) || target.StartsWith("mailto:", StringComparison.Ordinal)) continue;
                checkedLinks++;
                var path = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(page)!, target));
                if (!File.Exists(path) && !Directory.Exists(path)) broken.Add($"{Path.GetRelativePath(RepositoryFiles.Root, page)}: {link.Value}");
            }
        Assert.True(checkedLinks > 10, $"only {checkedLinks} links found");
        Assert.Empty(broken);
    }

    [GeneratedRegex(@"\]\(([^)\s]+)\)")]
    private static partial Regex Link();
}
