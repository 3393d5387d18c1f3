using System.Text.Json;

namespace LLMEmbed.Core.Models;

/// <summary>Every backbone manifest in a models/ folder, loaded and validated once.</summary>
public sealed class ModelCatalog
{
    private readonly Dictionary<string, BackboneManifest> _byId;

    private ModelCatalog(string directory, IReadOnlyList<BackboneManifest> manifests)
    {
        Directory = directory;
        Manifests = manifests;
        _byId = manifests.ToDictionary(m => m.Id, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The folder the manifests came from.</summary>
    public string Directory { get; }

    /// <summary>Manifests ordered by id.</summary>
    public IReadOnlyList<BackboneManifest> Manifests { get; }

    /// <summary>Loads every *.json in <paramref name="directory"/>, or in the folder <see cref="LLMEmbedPaths.FindManifestDirectory"/> finds.</summary>
    public static ModelCatalog Load(string? directory = null)
    {
        directory ??= LLMEmbedPaths.FindManifestDirectory()
            ?? throw new DirectoryNotFoundException(
                "No models/ folder with minilm-l6.json found above the current or the application directory; set LLMEMBED_MODELS.");
        if (!System.IO.Directory.Exists(directory))
            throw new DirectoryNotFoundException($"Manifest folder '{directory}' does not exist.");
        var manifests = new List<BackboneManifest>();
        var origins = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var file in System.IO.Directory.GetFiles(directory, "*.json").Order(StringComparer.Ordinal))
        {
            var manifest = LoadManifest(file);
            if (origins.TryGetValue(manifest.Id, out var other))
                throw new InvalidDataException($"{file}: id '{manifest.Id}' is already declared by {other}.");
            origins[manifest.Id] = file;
            manifests.Add(manifest);
        }
        return new ModelCatalog(Path.GetFullPath(directory), manifests.OrderBy(m => m.Id, StringComparer.Ordinal).ToList());
    }

    /// <summary>Reads and validates one manifest; relative file paths in a "file" source become absolute (relative to the manifest).</summary>
    public static BackboneManifest LoadManifest(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        BackboneManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<BackboneManifest>(File.ReadAllText(path), BackboneManifest.JsonOptions);
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" (line {line + 1}, {e.Path})" : "";
            throw new InvalidDataException($"{path}{where}: {e.Message}", e);
        }
        if (manifest is null) throw new InvalidDataException($"{path}: the file holds JSON null, not a manifest.");
        ManifestValidator.Validate(manifest, path);
        return ResolvePaths(manifest, Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    public BackboneManifest Get(string id)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        return _byId.TryGetValue(id, out var manifest)
            ? manifest
            : throw new KeyNotFoundException(
                $"No backbone '{id}' in {Directory}. Known: {string.Join(", ", Manifests.Select(m => m.Id))}.");
    }

    public bool TryGet(string id, out BackboneManifest? manifest) => _byId.TryGetValue(id, out manifest);

    private static BackboneManifest ResolvePaths(BackboneManifest manifest, string manifestDirectory)
    {
        if (manifest.Source.Kind != ModelSourceKind.File) return manifest;
        string? Resolve(string? p) => p is null ? null : Path.GetFullPath(p, manifestDirectory);
        return manifest with
        {
            Source = manifest.Source with
            {
                ModelPath = Resolve(manifest.Source.ModelPath),
                VocabPath = Resolve(manifest.Source.VocabPath),
            },
        };
    }
}
