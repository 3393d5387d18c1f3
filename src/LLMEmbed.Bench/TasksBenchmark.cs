using Grpc.Net.Client;
using LLMEmbed.Core.Benchmarks;
using LLMEmbed.Core.Data;
using LLMEmbed.Protos.V1;

namespace LLMEmbed.Bench;

/// <summary>
/// Several tasks on one backbone pass: a tenant with five trained tasks (the default, two more single-label,
/// two multi-label) answering all of them per text (<c>tasks: ["*"]</c>), against a tenant with the default task
/// alone, on texts new to the fusion cache. Rounds interleave the two (and swap which goes first), so drift in
/// the machine's load hits both alike. The backbone counter over the five-task rounds shows one pass per text.
/// </summary>
internal sealed class TasksBenchmark(BenchHost host, string recipe, Func<Task<long>> backboneSequences)
{
    public int Rounds { get; init; } = 4;

    public sealed record Result(LatencyStats One, LatencyStats Five, long FiveBackboneSequences, int Tasks)
    {
        public double Ratio => Five.SequencesPerSecond / One.SequencesPerSecond;
        public double SequencesPerText => (double)FiveBackboneSequences / Five.Sequences;
    }

    /// <param name="texts">Texts the cluster has not seen under these prefixes; each tenant gets every one once.</param>
    /// <param name="labelled">Training rows (already embedded by the main tenant, so set-up costs no backbone work).</param>
    public async Task<Result> RunAsync(IReadOnlyList<GrpcChannel> clients, IReadOnlyList<string> texts, IReadOnlyList<LabeledText> labelled,
        IProgress<string> progress)
    {
        using var admin = host.NewChannel();
        progress.Report($"tasks: tenant 'tasks-1' (default task) and 'tasks-5' (default + 4 named), {labelled.Count} rows each, {recipe}");
        var tasks = BenchTaskLabels.For(labelled);
        var one = await BenchTenant.CreateTrainedAsync(admin, host.Admin, "tasks-1", recipe, labelled);
        var five = await BenchTenant.CreateTrainedAsync(admin, host.Admin, "tasks-5", recipe, labelled, tasks: tasks);

        // The same texts for both, behind a one-token prefix each: new to the cache, equal in length.
        var oneTexts = texts.Select(t => "a: " + t).ToArray();
        var fiveTexts = texts.Select(t => "b: " + t).ToArray();
        var oneRuns = new List<(LatencyStats Stats, double[] Latencies)>();
        var fiveRuns = new List<(LatencyStats Stats, double[] Latencies)>();
        long fiveSequences = 0;
        for (var round = 0; round < Rounds; round++)
        {
            int start = texts.Count * round / Rounds, end = texts.Count * (round + 1) / Rounds;
            progress.Report($"tasks: texts {start}-{end - 1}, 1 task vs 5 tasks, cache cold (round {round + 1} of {Rounds})");
            async Task One() => oneRuns.Add(await ClusterLoad.MeasureAsync("1 task", clients, [one], oneTexts[start..end]));
            async Task Five()
            {
                var before = await backboneSequences();
                fiveRuns.Add(await ClusterLoad.MeasureAsync("5 tasks", clients, [five], fiveTexts[start..end], ["*"], 1 + tasks.Count));
                fiveSequences += await backboneSequences() - before;
            }
            if (round % 2 == 0) { await One(); await Five(); }
            else { await Five(); await One(); }
        }
        var result = new Result(Pool("1 task, cache cold", oneRuns), Pool($"{1 + tasks.Count} tasks (tasks: [\"*\"]), cache cold", fiveRuns),
            fiveSequences, 1 + tasks.Count);
        progress.Report(FormattableString.Invariant(
            $"tasks: 5 tasks {result.Five.SequencesPerSecond:F1} texts/s vs 1 task {result.One.SequencesPerSecond:F1} ({result.Ratio:F2}x); backbone sequences per text with 5 tasks {result.SequencesPerText:F2}"));
        return result;
    }

    private static LatencyStats Pool(string name, List<(LatencyStats Stats, double[] Latencies)> runs) =>
        LatencyStats.From(name, runs.Sum(r => r.Stats.Sequences), runs.Sum(r => r.Stats.Seconds), runs.SelectMany(r => r.Latencies).ToArray())
            with { CpuSeconds = runs.Sum(r => r.Stats.CpuSeconds) };
}
