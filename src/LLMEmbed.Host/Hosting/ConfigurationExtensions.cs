namespace LLMEmbed.Host.Hosting;

internal static class ConfigurationExtensions
{
    /// <summary>Binds a section onto fresh options (defaults kept for missing keys); unknown keys are errors.</summary>
    public static T BindSection<T>(this IConfiguration configuration, string section) where T : new()
    {
        var options = new T();
        configuration.GetSection(section).Bind(options, o => o.ErrorOnUnknownConfiguration = true);
        return options;
    }
}
