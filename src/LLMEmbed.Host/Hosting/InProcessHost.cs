using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace LLMEmbed.Host.Hosting;

/// <summary>
/// The real host (<see cref="LLMEmbedHost.Build"/>) started inside the calling process, for the
/// benchmark and end-to-end tests: one localhost silo with the gateway co-hosted, free loopback
/// ports, a temporary data folder (deleted on dispose) and a generated admin key. Callers add
/// configuration overrides for what they must control; everything else keeps its code defaults.
/// </summary>
public sealed class InProcessHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private InProcessHost(WebApplication app, Uri address, string adminKey, string dataDirectory, int siloPort)
    {
        _app = app;
        SiloPort = siloPort;
        Address = address;
        AdminKey = adminKey;
        DataDirectory = dataDirectory;
    }

    /// <summary>The gRPC gateway's loopback address.</summary>
    public Uri Address { get; }

    public string AdminKey { get; }

    /// <summary>This silo's Orleans port: another in-process host joins it with Cluster:PrimarySiloPort.</summary>
    public int SiloPort { get; }

    /// <summary>File grain storage root; removed when the host is disposed.</summary>
    public string DataDirectory { get; }

    /// <summary>The application's services (the silo's grain factory among them).</summary>
    public IServiceProvider Services => _app.Services;

    /// <param name="name">Cluster and service id, and the temp folder's prefix.</param>
    /// <param name="overrides">Applied after the in-process defaults (last wins), e.g. Gateway:ImportChunkSize.</param>
    public static async Task<InProcessHost> StartAsync(string name, IEnumerable<KeyValuePair<string, string?>>? overrides = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var dataDirectory = Directory.CreateTempSubdirectory(name + "-").FullName;
        var adminKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
        var settings = new Dictionary<string, string?>
        {
            // No extra HTTP/1.1 endpoint (/healthz): the gRPC one is enough in-process.
            ["Urls"] = "",
            ["Roles:Silo"] = "true",
            ["Roles:Gateway"] = "true",
            // Port 0: Kestrel picks a free one, read back below.
            ["Gateway:Listen"] = "http://127.0.0.1:0",
            ["Gateway:AdminKey"] = adminKey,
            ["Cluster:Provider"] = LLMEmbedClusterOptions.Localhost,
            ["Cluster:ClusterId"] = name,
            ["Cluster:ServiceId"] = name,
            ["Cluster:SiloPort"] = FreePort().ToString(CultureInfo.InvariantCulture),
            ["Cluster:GatewayPort"] = FreePort().ToString(CultureInfo.InvariantCulture),
            ["Storage:Provider"] = LLMEmbedStorageOptions.File,
            ["Storage:DataDirectory"] = dataDirectory,
            ["Telemetry:Console"] = "false",
            // No metric reader at all, as before /metrics existed: the bench measures the serving path, not an exporter.
            ["Telemetry:Prometheus"] = "false",
            ["Telemetry:OtlpEndpoint"] = "",
            // No operator address either: in-process hosts run side by side, and a fixed port would clash.
            ["Telemetry:OperatorUrls"] = "",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Orleans"] = "Error",
        };
        foreach (var (key, value) in overrides ?? []) settings[key] = value;
        // The content root is the temp folder, so no stray appsettings.json changes the set-up.
        var app = LLMEmbedHost.Build(new WebApplicationOptions { ContentRootPath = dataDirectory }, settings);
        try
        {
            await app.StartAsync();
            // The gRPC address is the one Kestrel picked for Gateway:Listen; any Urls entries (plain HTTP) are the others.
            var urls = (settings["Urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
                .Single(a => !urls.Any(u => string.Equals(u.TrimEnd('/'), a.TrimEnd('/'), StringComparison.OrdinalIgnoreCase)));
            var siloPort = int.Parse(settings["Cluster:SiloPort"]!, CultureInfo.InvariantCulture);
            return new InProcessHost(app, new Uri(address), adminKey, dataDirectory, siloPort);
        }
        catch
        {
            await app.DisposeAsync();
            Directory.Delete(dataDirectory, recursive: true);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (Directory.Exists(DataDirectory)) Directory.Delete(DataDirectory, recursive: true);
    }

    // Orleans' silo and gateway ports must be known before start; Kestrel's is read back instead.
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
