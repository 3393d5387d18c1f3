using LLMEmbed.Tests;
using System.Diagnostics;
using System.Reflection;

namespace LLMEmbed.Failure.Tests;

/// <summary>Ports one silo process listens on, all on 127.0.0.1.</summary>
public sealed record SiloPorts(int Silo, int Gateway, int Http, int Grpc);

/// <summary>
/// One real LLMEmbed.Host process (`dotnet LLMEmbed.Host.dll`), configured only through
/// LLMEMBED_* environment variables, its output appended to a log file. Restartable with the same
/// ports and settings; <see cref="Kill"/> is SIGKILL, so nothing is flushed or left gracefully.
/// </summary>
public sealed class SiloProcess : IDisposable
{
    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly object _logLock = new();
    private Process? _process;
    private StreamWriter? _log;

    public SiloProcess(string name, SiloPorts ports, bool backboneHost, IReadOnlyDictionary<string, string> environment, string runDirectory)
    {
        Name = name;
        Ports = ports;
        BackboneHost = backboneHost;
        _environment = environment;
        LogPath = Path.Combine(runDirectory, name + ".log");
        WorkingDirectory = Path.Combine(runDirectory, name);
        Directory.CreateDirectory(WorkingDirectory);
    }

    public string Name { get; }
    public SiloPorts Ports { get; }
    public bool BackboneHost { get; }
    public string LogPath { get; }
    public string WorkingDirectory { get; }
    public Uri GrpcAddress => new($"http://127.0.0.1:{Ports.Grpc}");
    public bool IsRunning => _process is { HasExited: false };
    public int Starts { get; private set; }

    /// <summary>The built host: LLMEMBED_HOST_DLL, else the Host project's output recorded at build time.</summary>
    public static string HostDll
    {
        get
        {
            var path = Environment.GetEnvironmentVariable("LLMEMBED_HOST_DLL") is { Length: > 0 } configured
                ? configured
                : typeof(SiloProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "LLMEmbedHostDll").Value!;
            return File.Exists(path) ? path : throw new FileNotFoundException($"The host DLL is not built at {path}; build tests/LLMEmbed.Failure.Tests (it builds the host) or set LLMEMBED_HOST_DLL.", path);
        }
    }

    public void Start()
    {
        if (IsRunning) throw new InvalidOperationException($"{Name} is already running (pid {_process!.Id}).");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = WorkingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(HostDll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{Ports.Http}");
        // No operator address (/metrics): several silos share this machine, and its default port would clash.
        start.ArgumentList.Add("--Telemetry:OperatorUrls=");
        // The children must not inherit this test run's own LLMEMBED_* settings by accident.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("LLMEMBED_", StringComparison.Ordinal) && k != "LLMEMBED_HOME" && k != "LLMEMBED_MODELS").ToList())
            start.Environment.Remove(key);
        foreach (var (key, value) in _environment) start.Environment[key] = value;

        _log?.Dispose();
        _log = new StreamWriter(LogPath, append: true) { AutoFlush = true };
        Starts++;
        WriteLog($"==== start #{Starts} at {DateTime.UtcNow:O}");
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) WriteLog(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) WriteLog(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
    }

    /// <summary>SIGKILL: the process gets no chance to leave the cluster or flush anything.</summary>
    public void Kill()
    {
        var process = _process;
        if (process is null || process.HasExited) return;
        WriteLog($"==== kill -9 at {DateTime.UtcNow:O}");
        process.Kill(entireProcessTree: true);
        process.WaitForExit(10_000);
    }

    /// <summary>Waits until /healthz answers, which the host maps only after the silo has started.</summary>
    public async Task WaitHealthyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var healthy = await Eventually.UntilAsync(async () =>
        {
            if (_process is null || _process.HasExited)
                throw new InvalidOperationException($"{Name} exited during start-up (code {_process?.ExitCode}). Log tail:\n{LogTail(30)}");
            try
            {
                using var response = await http.GetAsync($"http://127.0.0.1:{Ports.Http}/healthz");
                return response.IsSuccessStatusCode;
            }
            catch (HttpRequestException) { return false; }
            catch (TaskCanceledException) { return false; }
        }, ok => ok, timeout, LocalCluster.SiloLook);
        if (!healthy) throw new TimeoutException($"{Name} did not answer /healthz within {timeout}. Log tail:\n{LogTail(30)}");
    }

    public string LogTail(int lines)
    {
        lock (_logLock)
        {
            if (!File.Exists(LogPath)) return "(no log)";
            using var reader = new StreamReader(new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
            var all = reader.ReadToEnd().Split('\n');
            return string.Join('\n', all.TakeLast(lines));
        }
    }

    private void WriteLog(string line)
    {
        lock (_logLock) _log?.WriteLine(line);
    }

    public void Dispose()
    {
        try { Kill(); }
        finally
        {
            _process?.Dispose();
            _process = null;
            lock (_logLock)
            {
                _log?.Dispose();
                _log = null;
            }
        }
    }
}
