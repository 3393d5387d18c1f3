using System.Xml.Linq;

namespace LLMEmbed.Core.Tests;

/// <summary>
/// What one src/ project's .csproj declares: its SDK, project references (by project name) and
/// package and framework references. Read from the source tree, so the rules test checks the
/// files a build uses, not a copy.
/// </summary>
internal sealed record ProjectFile(string Name, string Sdk, IReadOnlyList<string> ProjectReferences,
    IReadOnlyList<string> Packages, IReadOnlyList<string> Frameworks)
{
    public static ProjectFile Load(string name)
    {
        var path = Path.Combine(SourceRoot(), name, name + ".csproj");
        var xml = XDocument.Load(path);
        string[] Includes(string item) =>
            xml.Descendants(item).Select(e => (string?)e.Attribute("Include")).OfType<string>().ToArray();
        var projects = Includes("ProjectReference")
            .Select(p => Path.GetFileNameWithoutExtension(p.Replace('\\', '/')))
            .ToArray();
        return new ProjectFile(name, (string?)xml.Root?.Attribute("Sdk") ?? "", projects, Includes("PackageReference"), Includes("FrameworkReference"));
    }

    /// <summary>This project and every project it reaches through project references.</summary>
    public static IReadOnlyList<ProjectFile> Closure(string name)
    {
        var seen = new Dictionary<string, ProjectFile>(StringComparer.Ordinal);
        var pending = new Stack<string>([name]);
        while (pending.TryPop(out var next))
        {
            if (seen.ContainsKey(next)) continue;
            var project = Load(next);
            seen[next] = project;
            foreach (var reference in project.ProjectReferences) pending.Push(reference);
        }
        return seen.Values.ToArray();
    }

    /// <summary>The repository's src/ folder, found by walking up from the test assembly to LLMEmbed.sln.</summary>
    private static string SourceRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "LLMEmbed.sln"))) return Path.Combine(dir.FullName, "src");
        throw new DirectoryNotFoundException("LLMEmbed.sln not found above " + AppContext.BaseDirectory);
    }
}
