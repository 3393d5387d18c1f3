namespace LLMEmbed.Gateway;

/// <summary>Section "Gateway": the public gRPC endpoint. Validated once at start-up; the admin key is never logged.</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "Gateway";
    public const string AdminKeyEnvironmentVariable = "LLMEMBED_ADMIN_KEY";
    public const int MinAdminKeyLength = 16;

    /// <summary>Orleans refuses messages over 100 MB; the gateway stays far below so a request can never reach that.</summary>
    public const int MaxAllowedReceiveMessageBytes = 64 * 1024 * 1024;

    /// <summary>Presented as <c>authorization: Bearer ...</c> on Admin calls. Falls back to <see cref="AdminKeyEnvironmentVariable"/>.</summary>
    public string? AdminKey { get; set; }

    /// <summary>Where the gRPC endpoint listens (HTTP/2; https when a certificate is configured). Port 0 picks a free port.</summary>
    public string Listen { get; set; } = "http://127.0.0.1:5000";

    public int MaxReceiveMessageBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>PFX/PKCS#12 file; when set, <see cref="Listen"/> must be https.</summary>
    public string? CertificatePath { get; set; }
    public string? CertificatePassword { get; set; }

    /// <summary>
    /// How long a successful tenant-key check is reused. Revocations are pushed to every gateway at once; this window
    /// bounds a revoked key only where a push was lost (a gateway not yet subscribed, the revocation grain's silo just
    /// died). Ten seconds: a key check costs two grain calls per tenant and gateway that often, not per request.
    /// </summary>
    public TimeSpan AuthCacheDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Failed tenant-key checks one client address may make a minute (also the burst) before its checks are refused with 429.</summary>
    public int FailedAuthPerMinute { get; set; } = 120;

    /// <summary>ImportExamples commits rows to the tenant in chunks of at most this many (also capped by texts_per_call).</summary>
    public int ImportChunkSize { get; set; } = 256;

    /// <summary>Imports open at once on this gateway process (each holds up to a few chunks of rows in memory); one more is refused with 429.</summary>
    public int MaxConcurrentImports { get; set; } = 16;

    /// <summary>
    /// Texts one tenant may have in flight through this gateway process at once (classify, embed, add examples;
    /// imports are bounded by their own chunks); 0 = no bound. 1,024: four full calls at the default per-call limit.
    /// </summary>
    public int MaxTextsInFlightPerTenant { get; set; } = 1024;

    /// <summary>
    /// On SIGINT/SIGTERM, how long calls in flight get to finish after new ones are refused (open imports
    /// end at once with their committed count); calls still running then are ended by the server's stop.
    /// </summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Fusion recipe of tenants created without one.</summary>
    public string DefaultRecipe { get; set; } = "llmembed";

    /// <summary>Limits for tenants created without their own (a zero in CreateTenant means "this default").</summary>
    public GatewayLimitOptions DefaultLimits { get; set; } = new();

    public Uri ListenUri => new(Listen, UriKind.Absolute);
    public bool UsesTls => ListenUri.Scheme == Uri.UriSchemeHttps;

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(AdminKey))
            throw new ArgumentException($"{SectionName}:{nameof(AdminKey)} is required (or set {AdminKeyEnvironmentVariable}).");
        if (AdminKey.Length < MinAdminKeyLength)
            throw new ArgumentException($"{SectionName}:{nameof(AdminKey)} must be at least {MinAdminKeyLength} characters.");
        if (!Uri.TryCreate(Listen, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new ArgumentException($"{SectionName}:{nameof(Listen)} must be an absolute http:// or https:// URL, got \"{Listen}\".");
        if (uri.Port is < 0 or > 65535)
            throw new ArgumentException($"{SectionName}:{nameof(Listen)} has no valid port: \"{Listen}\".");
        if (MaxReceiveMessageBytes < 64 * 1024 || MaxReceiveMessageBytes > MaxAllowedReceiveMessageBytes)
            throw new ArgumentException($"{SectionName}:{nameof(MaxReceiveMessageBytes)} must be between 65536 and {MaxAllowedReceiveMessageBytes}, got {MaxReceiveMessageBytes}.");
        var https = uri.Scheme == Uri.UriSchemeHttps;
        if (https && string.IsNullOrWhiteSpace(CertificatePath))
            throw new ArgumentException($"{SectionName}:{nameof(Listen)} is https but {SectionName}:{nameof(CertificatePath)} is not set.");
        if (!https && !string.IsNullOrWhiteSpace(CertificatePath))
            throw new ArgumentException($"{SectionName}:{nameof(CertificatePath)} is set but {SectionName}:{nameof(Listen)} is not https: \"{Listen}\".");
        if (https && !File.Exists(CertificatePath))
            throw new ArgumentException($"{SectionName}:{nameof(CertificatePath)} file not found: {CertificatePath}");
        if (AuthCacheDuration < TimeSpan.Zero || AuthCacheDuration > TimeSpan.FromMinutes(5))
            throw new ArgumentException($"{SectionName}:{nameof(AuthCacheDuration)} must be between 0 and 5 minutes, got {AuthCacheDuration}.");
        if (FailedAuthPerMinute is < 1 or > 1_000_000)
            throw new ArgumentException($"{SectionName}:{nameof(FailedAuthPerMinute)} must be between 1 and 1000000, got {FailedAuthPerMinute}.");
        if (MaxTextsInFlightPerTenant is < 0 or > 10_000_000)
            throw new ArgumentException($"{SectionName}:{nameof(MaxTextsInFlightPerTenant)} must be between 0 and 10000000, got {MaxTextsInFlightPerTenant}.");
        if (MaxConcurrentImports is < 1 or > 10_000)
            throw new ArgumentException($"{SectionName}:{nameof(MaxConcurrentImports)} must be between 1 and 10000, got {MaxConcurrentImports}.");
        if (ImportChunkSize is < 1 or > 10_000)
            throw new ArgumentException($"{SectionName}:{nameof(ImportChunkSize)} must be between 1 and 10000, got {ImportChunkSize}.");
        if (DrainTimeout < TimeSpan.Zero || DrainTimeout > TimeSpan.FromMinutes(1))
            throw new ArgumentException($"{SectionName}:{nameof(DrainTimeout)} must be between 0 and 1 minute, got {DrainTimeout}.");
        if (string.IsNullOrWhiteSpace(DefaultRecipe)) throw new ArgumentException($"{SectionName}:{nameof(DefaultRecipe)} is required.");
        DefaultLimits.Validate($"{SectionName}:{nameof(DefaultLimits)}");
    }

    public override string ToString() =>
        $"Listen={Listen}, Tls={(UsesTls ? CertificatePath : "off")}, AdminKey={(string.IsNullOrEmpty(AdminKey) ? "missing" : "set")}, " +
        $"MaxReceiveMessageBytes={MaxReceiveMessageBytes}, AuthCacheDuration={AuthCacheDuration}, FailedAuthPerMinute={FailedAuthPerMinute}, ImportChunkSize={ImportChunkSize}, MaxConcurrentImports={MaxConcurrentImports}, MaxTextsInFlightPerTenant={MaxTextsInFlightPerTenant}, DrainTimeout={DrainTimeout}, DefaultRecipe={DefaultRecipe}, DefaultLimits=[{DefaultLimits}]";
}
