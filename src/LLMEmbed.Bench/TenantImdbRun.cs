using System.Runtime.InteropServices;
using Grpc.Core;
using Grpc.Net.Client;
using LLMEmbed.Core.Backbones;
using LLMEmbed.Core.Benchmarks;
using LLMEmbed.Host.Hosting;

namespace LLMEmbed.Bench;

/// <summary>
/// `--only tenant-imdb --train N --test M`: <see cref="TenantAccuracyBenchmark"/> alone, on a fresh
/// in-process host with its code defaults (no bench overrides: default recipe, token limits,
/// batching), over the IMDB split `llmembed eval --dataset imdb --train-size N --test-size M` uses.
/// </summary>
internal static class TenantImdbRun
{
    public const string Name = "tenant-imdb";

    public static async Task<int> RunAsync(string only, int train, int test, string provider, bool json, IProgress<string> progress)
    {
        if (only != Name) throw new ArgumentException($"--only knows one scenario, {Name}; got \"{only}\".");
        if (train < 2 || test < 1) throw new ArgumentException($"--train must be at least 2 and --test at least 1, got {train} and {test}.");
        var machine = $"{Environment.ProcessorCount} cores ({CpuInfo.Read()}), {RuntimeInformation.OSDescription.Trim()}, .NET {Environment.Version}, " +
            $"{provider} execution provider, {BenchReport.Build} build";
        progress.Report(machine);
        var dataset = TenantAccuracyBenchmark.ImdbEvalSplit(train, test, progress);

        var settings = new Dictionary<string, string?>();
        if (provider == BackboneOptions.Cuda) settings["Silo:Accelerator"] = "cuda";
        progress.Report("starting the host in-process with its defaults (silo + gateway, loopback, temp data folder)");
        await using var host = await InProcessHost.StartAsync("llmembed-bench-tenant", settings);
        using var channel = GrpcChannel.ForAddress(host.Address);
        var admin = new Metadata { { "authorization", $"Bearer {host.AdminKey}" } };
        var result = await new TenantAccuracyBenchmark(channel, admin).RunAsync("imdb", dataset.Labels, dataset.Train, dataset.Test, progress);

        if (json)
        {
            var report = result.ToJson();
            report["machine"] = machine;
            report["dataset"] = dataset.Describe();
            report["seed"] = TenantAccuracyBenchmark.EvalSeed;
            Consoles.WriteJson(report);
        }
        else
        {
            Console.Out.WriteLine(machine);
            Console.Out.WriteLine(result.Summary);
        }
        return 0;
    }
}
