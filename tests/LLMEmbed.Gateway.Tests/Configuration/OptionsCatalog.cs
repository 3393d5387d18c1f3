using System.Collections;
using System.Globalization;
using System.Reflection;

namespace LLMEmbed.Gateway.Tests.Configuration;

/// <summary>
/// Every options class the host binds from configuration: the public types of the LLMEmbed
/// assemblies that declare <c>public const string SectionName</c>, which is how each one names
/// its section. A new options class following that rule is picked up without editing this list.
/// </summary>
internal static class OptionsCatalog
{
    private static readonly Assembly[] Assemblies =
    [
        typeof(LLMEmbed.Host.Hosting.LLMEmbedClusterOptions).Assembly,
        typeof(GatewayOptions).Assembly,
        typeof(LLMEmbed.Grains.Tenants.TenantOptions).Assembly,
        typeof(LLMEmbed.Core.Batching.BatchingOptions).Assembly,
    ];

    public static IReadOnlyList<(string Section, Type Type)> Sections { get; } = Assemblies
        .SelectMany(a => a.GetExportedTypes())
        .Select(t => (Field: t.GetField("SectionName", BindingFlags.Public | BindingFlags.Static), Type: t))
        .Where(x => x.Field is { IsLiteral: true } && x.Field.FieldType == typeof(string))
        .Select(x => ((string)x.Field!.GetRawConstantValue()!, x.Type))
        .OrderBy(x => x.Item1, StringComparer.Ordinal)
        .ToArray();

    /// <summary>Every configuration key of an options type ("Section:Property", nested classes as "Section:Property:Inner"), with its default.</summary>
    public static IEnumerable<(string Key, string Default)> Keys(string prefix, Type type, object instance)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite && p.SetMethod!.IsPublic))
        {
            var key = $"{prefix}:{property.Name}";
            var value = property.GetValue(instance);
            if (IsNested(property.PropertyType))
            {
                foreach (var inner in Keys(key, property.PropertyType, value ?? Activator.CreateInstance(property.PropertyType)!)) yield return inner;
            }
            else
            {
                yield return (key, Format(value));
            }
        }
    }

    private static bool IsNested(Type type) =>
        type.IsClass && type != typeof(string) && !typeof(IEnumerable).IsAssignableFrom(type) && type.Namespace?.StartsWith("LLMEmbed", StringComparison.Ordinal) == true;

    /// <summary>A value as configuration would spell it, so a default and a bound value compare as text.</summary>
    public static string Format(object? value) => value switch
    {
        null => "",
        string s => s,
        bool b => b ? "true" : "false",
        IEnumerable e => "[" + string.Join(",", e.Cast<object?>().Select(Format)) + "]",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
