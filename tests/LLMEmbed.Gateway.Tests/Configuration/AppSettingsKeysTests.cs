using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace LLMEmbed.Gateway.Tests.Configuration;

/// <summary>
/// src/LLMEmbed.Host/appsettings.json and docs/configuration.md's table list every key of every
/// options class, with the defaults the classes really have; a new option without a documented key fails here.
/// </summary>
public sealed class AppSettingsKeysTests
{
    /// <summary>Framework sections, not bound onto LLMEmbed options.</summary>
    private static readonly string[] FrameworkSections = ["Logging", "Urls", "AllowedHosts"];

    private static readonly string AppSettingsPath = RepositoryFiles.Path("src", "LLMEmbed.Host", "appsettings.json");

    [Fact]
    public void The_catalog_finds_the_options_classes_the_host_binds()
    {
        var sections = OptionsCatalog.Sections.Select(s => s.Section).ToArray();
        foreach (var expected in new[] { "Backbone", "Backbones", "Batching", "Cluster", "Fusion", "Gateway", "Postgres", "Redis", "Roles", "Silo", "Storage", "Telemetry", "Tenants" })
            Assert.Contains(expected, sections);
    }

    [Fact]
    public void Every_option_has_a_key_in_appsettings_and_every_key_an_option()
    {
        var fileKeys = LeafKeys(JsonDocument.Parse(File.ReadAllText(AppSettingsPath)).RootElement, "")
            .Where(k => !FrameworkSections.Contains(k.Split(':')[0], StringComparer.OrdinalIgnoreCase))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var optionKeys = OptionsCatalog.Sections
            .SelectMany(s => OptionsCatalog.Keys(s.Section, s.Type, Activator.CreateInstance(s.Type)!))
            .Select(k => k.Key)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        Assert.Empty(optionKeys.Except(fileKeys).Order(StringComparer.Ordinal)); // options appsettings.json does not list
        Assert.Empty(fileKeys.Except(optionKeys).Order(StringComparer.Ordinal)); // keys no options class reads
    }

    [Fact]
    public void Appsettings_shows_the_defaults_the_options_classes_have()
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(AppSettingsPath).Build();
        var differences = new List<string>();
        foreach (var (section, type) in OptionsCatalog.Sections)
        {
            var fresh = Activator.CreateInstance(type)!;
            var bound = Activator.CreateInstance(type)!;
            configuration.GetSection(section).Bind(bound, o => o.ErrorOnUnknownConfiguration = true);
            var defaults = OptionsCatalog.Keys(section, type, fresh).ToDictionary(k => k.Key, k => k.Default);
            foreach (var (key, value) in OptionsCatalog.Keys(section, type, bound))
                if (defaults[key] != value) differences.Add($"{key}: file {value}, class {defaults[key]}");
        }
        Assert.Empty(differences);
    }

    [Fact]
    public void The_configuration_reference_names_every_key()
    {
        var reference = File.ReadAllLines(RepositoryFiles.Path("docs", "configuration.md"));
        var missing = new List<string>();
        foreach (var (section, type) in OptionsCatalog.Sections)
        {
            var row = reference.FirstOrDefault(l => l.StartsWith($"| `{section}` |", StringComparison.Ordinal));
            if (row is null)
            {
                missing.Add($"{section} (no row)");
                continue;
            }
            foreach (var (key, _) in OptionsCatalog.Keys(section, type, Activator.CreateInstance(type)!))
                if (!row.Contains(key.Split(':')[^1], StringComparison.Ordinal)) missing.Add(key);
        }
        Assert.Empty(missing);
    }

    private static IEnumerable<string> LeafKeys(JsonElement element, string prefix)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            yield return prefix;
            yield break;
        }
        foreach (var property in element.EnumerateObject())
            foreach (var key in LeafKeys(property.Value, prefix.Length == 0 ? property.Name : $"{prefix}:{property.Name}"))
                yield return key;
    }
}
