namespace LLMEmbed.Host.Hosting;

/// <summary>Section "Dashboard": the Orleans dashboard for operators, on silo hosts only, off unless enabled.</summary>
public sealed class LLMEmbedDashboardOptions
{
    public const string SectionName = "Dashboard";

    public bool Enabled { get; set; }

    /// <summary>Route prefix on the HTTP/1.1 "urls" endpoint(s), e.g. http://localhost:5080/dashboard/.</summary>
    public string Path { get; set; } = "/dashboard";

    public void Validate()
    {
        if (!Path.StartsWith('/') || Path.Length < 2 || Path.EndsWith('/'))
            throw new ArgumentException($"{SectionName}:{nameof(Path)} must start with '/' and not end with one, got \"{Path}\".");
    }

    public override string ToString() => Enabled ? $"Enabled at {Path}/ (admin key required)" : "off";
}
