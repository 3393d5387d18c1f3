using LLMEmbed.Tests;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace LLMEmbed.Gateway.Tests.HostProcess;

/// <summary>
/// The real host as a user starts it: `dotnet LLMEmbed.Host.dll` in its output folder, so its own
/// appsettings.json (logging levels, console format) applies; only ports, the data folder, the
/// admin key and a short summary interval are moved by LLMEMBED_* variables. Every line it prints is kept.
/// </summary>
public sealed class HostProcessFixture : IAsyncLifetime
{
    public const string AdminKey = "host-process-admin-key-0123456789";
    public static readonly TimeSpan SummaryInterval = TimeSpan.FromSeconds(2);

    private readonly ConcurrentQueue<string> _lines = new();
    private readonly bool _ownsData;
    private Process? _process;

    private readonly IReadOnlyDictionary<string, string> _settings;

    // xUnit builds fixtures through their one public constructor; other set-ups go through On(...).
    public HostProcessFixture() : this(null, null) { }

    /// <summary>A host of a test's own.</summary>
    /// <param name="dataDirectory">An earlier host's data folder to start on (kept at dispose), or null for a fresh one.</param>
    /// <param name="settings">More LLMEMBED_* variables (e.g. another storage provider).</param>
    public static HostProcessFixture On(string? dataDirectory, IReadOnlyDictionary<string, string>? settings = null) => new(dataDirectory, settings);

    private HostProcessFixture(string? dataDirectory, IReadOnlyDictionary<string, string>? settings)
    {
        _settings = settings ?? new Dictionary<string, string>();
        _ownsData = dataDirectory is null;
        DataDirectory = dataDirectory ?? Path.Combine(Path.GetTempPath(), "llmembed-host-process-" + Guid.NewGuid().ToString("N"));
    }

    public string DataDirectory { get; }
    public int GrpcPort { get; } = FreePort();
    public int HttpPort { get; } = FreePort();
    public int OperatorPort { get; } = FreePort();
    public string Endpoint => $"http://127.0.0.1:{GrpcPort}";
    public string HttpBase => $"http://127.0.0.1:{HttpPort}";
    /// <summary>The operator address (Telemetry:OperatorUrls): /metrics and /healthz only.</summary>
    public string OperatorBase => $"http://127.0.0.1:{OperatorPort}";

    /// <summary>The console output so far, stdout and stderr interleaved as they arrived.</summary>
    public IReadOnlyList<string> Lines => _lines.ToArray();

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(DataDirectory);
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(BuiltOutputs.HostDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(BuiltOutputs.HostDll);
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("LLMEMBED_", StringComparison.Ordinal) && k != "LLMEMBED_HOME").ToList())
            start.Environment.Remove(key);
        start.Environment["LLMEMBED_Urls"] = HttpBase;
        start.Environment["LLMEMBED_Telemetry__OperatorUrls"] = OperatorBase;
        start.Environment["LLMEMBED_Gateway__Listen"] = Endpoint;
        start.Environment["LLMEMBED_Gateway__AdminKey"] = AdminKey;
        start.Environment["LLMEMBED_Cluster__SiloPort"] = FreePort().ToString();
        start.Environment["LLMEMBED_Cluster__GatewayPort"] = FreePort().ToString();
        start.Environment["LLMEMBED_Cluster__ClusterId"] = "host-process-test";
        start.Environment["LLMEMBED_Storage__DataDirectory"] = DataDirectory;
        start.Environment["LLMEMBED_Telemetry__SummaryInterval"] = SummaryInterval.ToString();
        foreach (var (key, value) in _settings) start.Environment[key] = value;
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) _lines.Enqueue(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _lines.Enqueue(e.Data); };
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitHealthyAsync(TimeSpan.FromMinutes(3));
    }

    /// <summary>Environment for a tenant's CLI calls (the admin key too, for tenant commands).</summary>
    public Dictionary<string, string> CliEnvironment(string? tenant = null, string? key = null)
    {
        var environment = new Dictionary<string, string> { ["LLMEMBED_ENDPOINT"] = Endpoint, ["LLMEMBED_ADMIN_KEY"] = AdminKey };
        if (tenant is not null) environment["LLMEMBED_TENANT"] = tenant;
        if (key is not null) environment["LLMEMBED_KEY"] = key;
        return environment;
    }

    /// <summary>Waits until a console line matching <paramref name="match"/> has been printed.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (Lines.FirstOrDefault(match) is { } line) return line;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"no matching line within {timeout}; last lines:\n{string.Join('\n', Lines.TakeLast(20))}");
            await Task.Delay(Eventually.PollInterval);
        }
    }

    private async Task WaitHealthyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (_process!.HasExited)
                throw new InvalidOperationException($"the host exited during start-up (code {_process.ExitCode}):\n{string.Join('\n', Lines.TakeLast(30))}");
            try
            {
                using var response = await http.GetAsync($"{HttpBase}/healthz");
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the host did not answer /healthz within {timeout}:\n{string.Join('\n', Lines.TakeLast(30))}");
            await Task.Delay(Eventually.PollInterval);
        }
    }

    /// <summary>Sends the process <paramref name="signal"/> (SIGINT is Ctrl+C) and waits for it to exit: its exit code and how long that took.</summary>
    public async Task<(int ExitCode, TimeSpan Took)> SignalAndWaitAsync(int signal, TimeSpan timeout)
    {
        var started = Stopwatch.GetTimestamp();
        if (Kill(_process!.Id, signal) != 0) throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed.");
        using var cancel = new CancellationTokenSource(timeout);
        try { await _process.WaitForExitAsync(cancel.Token); }
        catch (OperationCanceledException) { throw new TimeoutException($"the host did not exit within {timeout} of signal {signal}:\n{string.Join('\n', Lines.TakeLast(20))}"); }
        return (_process.ExitCode, Stopwatch.GetElapsedTime(started));
    }

    public bool HasExited => _process is { HasExited: true };

    public const int SigInt = 2;
    public const int SigTerm = 15;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        if (_ownsData && Directory.Exists(DataDirectory)) Directory.Delete(DataDirectory, recursive: true);
    }

    /// <summary>A loopback port free right now (the listener that found it is closed again).</summary>
    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class HostProcessCollection : ICollectionFixture<HostProcessFixture>
{
    public const string Name = "host-process";
}
