using LLMEmbed.Tests;
using System.Net;
using System.Net.Sockets;
using Grpc.Net.Client;
using LLMEmbed.Grains.Abstractions.Backbones;
using LLMEmbed.Grains.Abstractions.Tenants;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace LLMEmbed.Failure.Tests;

/// <summary>
/// A real three-process cluster on loopback sharing one Redis or PostgreSQL server (membership and grain state):
/// silo1 and silo2 each run a replica of the MiniLM backbone (preloaded), silo3 hosts none. Every silo serves the
/// gRPC gateway on its own port (silo3 is the front door), so a test can keep talking to whichever
/// silo survives. A unique cluster/service id per instance keeps its keys or rows apart; they are
/// deleted on dispose, as are all child processes. An Orleans client of the same cluster answers
/// the placement questions the public API cannot: which silo holds a grain, which silos are active.
/// Every Orleans link is mutual TLS (Cluster:Tls) under a throwaway CA, as in deploy/local-cluster.sh: the
/// failure tests kill and restart silos over TLS, and the test's client holds a certificate of that CA.
/// </summary>
public sealed class LocalCluster : IAsyncDisposable
{
    public const string AdminKey = "failure-tests-admin-key-0123456789";
    public const string BackboneId = "minilm-l6";
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly SharedServer _server;
    private readonly string _runDirectory;
    private readonly List<GrpcChannel> _channels = [];
    private IHost? _client;

    private LocalCluster(string id, SharedServer server, string runDirectory, IReadOnlyList<SiloProcess> silos, ClusterCertificates certificates)
    {
        Id = id;
        _server = server;
        _runDirectory = runDirectory;
        Silos = silos;
        Certificates = certificates;
    }

    public ClusterCertificates Certificates { get; }

    /// <summary>Cluster id, service id and the prefix of every Redis key (or the id column of every PostgreSQL row) this cluster writes.</summary>
    public string Id { get; }
    public IReadOnlyList<SiloProcess> Silos { get; }
    public SiloProcess Front => Silos[2];
    public IClusterClient Client => _client?.Services.GetRequiredService<IClusterClient>() ?? throw new InvalidOperationException("The cluster client is not connected.");

    /// <param name="provider">"redis" or "postgres": the membership and grain storage provider of all three silos.</param>
    public static async Task<LocalCluster> StartAsync(string provider = "redis")
    {
        var server = SharedServer.For(provider);
        await server.EnsureReachableAsync();
        var id = "llmembed-failure-" + Guid.NewGuid().ToString("N")[..10];
        var runDirectory = Path.Combine(Path.GetTempPath(), id);
        Directory.CreateDirectory(runDirectory);
        var ports = FreePorts(12);
        var certificates = ClusterCertificates.Create(runDirectory);
        var silos = new List<SiloProcess>();
        for (var i = 0; i < 3; i++)
        {
            var siloPorts = new SiloPorts(ports[4 * i], ports[4 * i + 1], ports[4 * i + 2], ports[4 * i + 3]);
            var backboneHost = i < 2;
            silos.Add(new SiloProcess($"silo{i + 1}", siloPorts, backboneHost, SiloEnvironment(server, id, siloPorts, backboneHost, certificates), runDirectory));
        }
        var cluster = new LocalCluster(id, server, runDirectory, silos, certificates);
        try
        {
            foreach (var silo in silos) silo.Start();
            await Task.WhenAll(silos.Select(s => s.WaitHealthyAsync(StartTimeout)));
            await cluster.ConnectClientAsync();
            await cluster.WaitForActiveAsync(silos, StartTimeout);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Everything a silo is told. Membership probes are short (1 s, 2 misses) so a killed silo is
    /// declared dead in seconds; one ONNX thread per backbone host because the test machine may have two cores.
    /// </summary>
    private static Dictionary<string, string> SiloEnvironment(SharedServer server, string id, SiloPorts ports, bool backboneHost, ClusterCertificates certificates)
    {
        var environment = new Dictionary<string, string>
        {
            ["LLMEMBED_Cluster__Tls__CertificatePath"] = certificates.SiloPfxPath,
            ["LLMEMBED_Cluster__Tls__CaCertificatePath"] = certificates.CaPemPath,
            ["LLMEMBED_Cluster__Provider"] = server.Provider,
            ["LLMEMBED_Cluster__ClusterId"] = id,
            ["LLMEMBED_Cluster__ServiceId"] = id,
            ["LLMEMBED_Cluster__SiloPort"] = ports.Silo.ToString(),
            ["LLMEMBED_Cluster__GatewayPort"] = ports.Gateway.ToString(),
            ["LLMEMBED_Cluster__AdvertisedIPAddress"] = "127.0.0.1",
            ["LLMEMBED_Cluster__ProbeTimeout"] = "00:00:01",
            ["LLMEMBED_Cluster__NumMissedProbesLimit"] = "2",
            ["LLMEMBED_Storage__Provider"] = server.Provider,
            ["LLMEMBED_Silo__BackboneHost"] = backboneHost ? "true" : "false",
            ["LLMEMBED_Backbone__IntraOpThreads"] = "1",
            ["LLMEMBED_Backbone__MaxTokens"] = "128",
            ["LLMEMBED_Gateway__Listen"] = $"http://127.0.0.1:{ports.Grpc}",
            ["LLMEMBED_Gateway__DefaultRecipe"] = "last",
            ["LLMEMBED_Gateway__DefaultLimits__RequestsPerSecond"] = "1000",
            ["LLMEMBED_ADMIN_KEY"] = AdminKey,
            ["LLMEMBED_Telemetry__Console"] = "false",
            ["LLMEMBED_Logging__LogLevel__Default"] = "Warning",
            ["LLMEMBED_Logging__LogLevel__LLMEmbed"] = "Information",
            ["DOTNET_gcServer"] = "0",
            ["DOTNET_NOLOGO"] = "1",
        };
        foreach (var (key, value) in server.SiloEnvironment) environment[key] = value;
        if (backboneHost) environment["LLMEMBED_Backbones__Preload__0"] = BackboneId;
        return environment;
    }

    public GrpcChannel Channel(SiloProcess silo)
    {
        var channel = GrpcChannel.ForAddress(silo.GrpcAddress);
        _channels.Add(channel);
        return channel;
    }

    /// <summary>The silo an Orleans grain is activated on right now, or null when it has no activation.</summary>
    public async Task<SiloProcess?> HostOfAsync(IAddressable grain)
    {
        var address = await Client.GetGrain<IManagementGrain>(0).GetActivationAddress(grain);
        return address is null ? null : Silos.Single(s => s.Ports.Silo == address.Endpoint.Port);
    }

    /// <summary>The silos whose replica of the backbone has served sequences so far, with how many.</summary>
    public async Task<IReadOnlyDictionary<SiloProcess, long>> ReplicaSequencesAsync()
    {
        var replicas = await Client.GetGrain<IBackboneFleetGrain>(0).ListReplicas();
        return replicas.Where(r => r.BackboneId == BackboneId)
            .ToDictionary(r => Silos.Single(s => r.Silo.Contains($":{s.Ports.Silo}:", StringComparison.Ordinal)), r => r.Sequences);
    }

    public Task<SiloProcess?> TenantHostAsync(string tenant) => HostOfAsync(Client.GetGrain<ITenantGrain>(tenant));

    /// <summary>The silos the membership table lists as active.</summary>
    public async Task<IReadOnlyList<SiloProcess>> ActiveSilosAsync()
    {
        var hosts = await Client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        return Silos.Where(s => hosts.Keys.Any(h => h.Endpoint.Port == s.Ports.Silo)).ToList();
    }

    /// <summary>How often membership and health are looked at while silos start or stop.</summary>
    internal static readonly TimeSpan SiloLook = TimeSpan.FromMilliseconds(250);

    /// <summary>Waits until exactly <paramref name="expected"/> are the active silos; returns how long it took.</summary>
    public async Task<TimeSpan> WaitForActiveAsync(IReadOnlyCollection<SiloProcess> expected, TimeSpan timeout)
    {
        var started = DateTime.UtcNow;
        IReadOnlyList<SiloProcess> active = [];
        Exception? last = null;
        var reached = await Eventually.UntilAsync(async () =>
        {
            try
            {
                active = await ActiveSilosAsync();
                return active.Count == expected.Count && expected.All(active.Contains);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                last = e; // the client may be between gateways while silos come and go
                return false;
            }
        }, done => done, timeout, SiloLook);
        if (reached) return DateTime.UtcNow - started;
        throw new TimeoutException(
            $"Active silos are [{string.Join(", ", active.Select(s => s.Name))}], expected [{string.Join(", ", expected.Select(s => s.Name))}] within {timeout}." +
            (last is null ? "" : $" Last error: {last.Message}"));
    }

    /// <summary>Starts a stopped silo again with its old ports and settings and waits until it answers and is active.</summary>
    public async Task<TimeSpan> RestartAsync(SiloProcess silo)
    {
        var started = DateTime.UtcNow;
        silo.Start();
        await silo.WaitHealthyAsync(StartTimeout);
        await WaitForActiveAsync(Silos.Where(s => s.IsRunning).ToList(), StartTimeout);
        return DateTime.UtcNow - started;
    }

    /// <summary>kill -9 of every silo, then a fresh start of all three on the same ports; returns the time until all are active.</summary>
    public async Task<TimeSpan> KillAndRestartAllAsync()
    {
        foreach (var silo in Silos) silo.Kill();
        await StopClientAsync();
        var started = DateTime.UtcNow;
        foreach (var silo in Silos) silo.Start();
        await Task.WhenAll(Silos.Select(s => s.WaitHealthyAsync(StartTimeout)));
        await ConnectClientAsync();
        await WaitForActiveAsync(Silos, StartTimeout);
        return DateTime.UtcNow - started;
    }

    private async Task ConnectClientAsync() => _client = await StartClientAsync(Certificates.IssueClient(), StartTimeout);

    /// <summary>
    /// An Orleans client of this cluster presenting <paramref name="certificate"/> over TLS (null: plain TCP, no TLS),
    /// started: it has connected to a silo gateway when this returns. Throws when no gateway accepts it in time.
    /// </summary>
    public async Task<IHost> StartClientAsync(System.Security.Cryptography.X509Certificates.X509Certificate2? certificate, TimeSpan timeout)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleansClient(client =>
        {
            _server.UseClustering(client);
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = Id;
                o.ServiceId = Id;
            });
            if (certificate is not null)
                client.UseTls(certificate, o =>
                {
                    o.RemoteCertificateMode = Orleans.Connections.Security.RemoteCertificateMode.RequireCertificate;
                    o.RemoteCertificateValidation = (peer, _, _) => ClusterCertificates.ChainsTo(Certificates.Ca, peer);
                });
        });
        var host = builder.Build();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await host.StartAsync(deadline.Token);
        }
        catch
        {
            host.Dispose();
            throw;
        }
        return host;
    }

    private async Task StopClientAsync()
    {
        if (_client is null) return;
        var client = _client;
        _client = null;
        try { await client.StopAsync(TimeSpan.FromSeconds(5)); }
        catch (Exception e) when (e is not OutOfMemoryException) { /* the silos it talked to are gone */ }
        client.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in Silos) silo.Dispose();
        foreach (var channel in _channels) channel.Dispose();
        await StopClientAsync();
        await _server.DeleteAsync(Id);
        try { Directory.Delete(_runDirectory, recursive: true); }
        catch (IOException) { /* a log still open by a dying child; temp space, harmless */ }
    }

    /// <summary>Distinct free loopback ports, all held open until every one is chosen.</summary>
    private static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ =>
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return listener;
        }).ToList();
        var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        foreach (var listener in listeners) listener.Stop();
        return ports;
    }
}
