using System.CommandLine;
using LLMEmbed.Cli.Rendering;
using LLMEmbed.Protos.V1;
using Spectre.Console;

namespace LLMEmbed.Cli.Client;

/// <summary>`llmembed train [--task T] [--incremental] [--wait]`: starts a training job; with --wait, shows its progress and then its holdout metrics.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var incremental = new Option<bool>("--incremental") { Description = "Train on top of the active head instead of from scratch" };
        var head = new Option<string>("--head") { Description = "logreg | mlp", DefaultValueFactory = _ => "logreg" };
        var force = new Option<bool>("--force") { Description = "Promote even if worse than the active head on the holdout" };
        var wait = new Option<bool>("--wait") { Description = "Wait for the job, showing progress, then print its metrics" };
        var interval = new Option<double>("--poll-seconds") { Description = "Polling interval with --wait", DefaultValueFactory = _ => 0.5 };
        var command = new Command("train", "Train a head on the tenant's examples") { incremental, head, force, wait, interval };
        var task = TaskOption.AddTo(command);
        var settings = ClientSettings.ForTenant(command);
        command.SetAction(async (p, ct) =>
        {
            var kind = ParseHead(p.GetValue(head)!);
            using var connection = settings.Connect(p);
            var client = new Training.TrainingClient(connection.Channel);
            var started = await client.TrainAsync(new TrainRequest
            {
                Tenant = connection.Tenant,
                Mode = p.GetValue(incremental) ? TrainMode.Incremental : TrainMode.Full,
                Head = kind,
                Force = p.GetValue(force),
                Task = TaskOption.Value(p, task),
            }, connection.Call(ct));
            Consoles.Err.MarkupLineInterpolated($"started job [bold]{started.JobId}[/]");
            if (!p.GetValue(wait))
            {
                Consoles.Out.WriteLine(started.JobId);
                return 0;
            }
            var delay = TimeSpan.FromSeconds(Math.Clamp(p.GetValue(interval), 0.05, 60));
            var job = Consoles.ErrIsTerminal
                ? await WaitWithBarAsync(client, connection, started.JobId, delay, ct)
                : await WaitWithLinesAsync(client, connection, started.JobId, delay, ct);
            if (job.State is JobState.Failed or JobState.Cancelled)
            {
                Consoles.Err.MarkupLineInterpolated($"[red]error:[/] training job {job.JobId} {job.State.ToString().ToLowerInvariant()}: {job.Message}");
                return 1;
            }
            MetricsTable.Write(job);
            return 0;
        });
        return command;
    }

    private static async Task<Job> WaitWithBarAsync(Training.TrainingClient client, GatewayConnection connection, string jobId, TimeSpan delay, CancellationToken ct)
    {
        Job job = null!;
        await Consoles.Err.Progress().AutoClear(false).StartAsync(async progress =>
        {
            var task = progress.AddTask($"train {connection.Tenant}", maxValue: 1.0);
            while (true)
            {
                job = await client.GetJobAsync(new GetJobRequest { Tenant = connection.Tenant, JobId = jobId }, connection.Call(ct));
                task.Value = Math.Clamp(job.Progress, 0, 1);
                task.Description = $"train {connection.Tenant}: {Markup.Escape(job.Message)}";
                if (job.State is JobState.Succeeded or JobState.Failed or JobState.Cancelled) break;
                await Task.Delay(delay, ct);
            }
            task.Value = task.MaxValue;
        });
        return job;
    }

    /// <summary>Without a terminal (piped, CI): occasional plain lines instead of a bar nobody sees redrawn.</summary>
    private static async Task<Job> WaitWithLinesAsync(Training.TrainingClient client, GatewayConnection connection, string jobId, TimeSpan delay, CancellationToken ct)
    {
        var lines = new ProgressLines(Console.Error, ProgressLineInterval);
        var what = $"train {connection.Tenant}";
        while (true)
        {
            var job = await client.GetJobAsync(new GetJobRequest { Tenant = connection.Tenant, JobId = jobId }, connection.Call(ct));
            if (job.State is JobState.Succeeded or JobState.Failed or JobState.Cancelled)
            {
                lines.Finish(what, job.State == JobState.Succeeded ? 1 : job.Progress, $"{job.State.ToString().ToLowerInvariant()}: {job.Message}");
                return job;
            }
            lines.Report(what, job.Progress, job.Message);
            await Task.Delay(delay, ct);
        }
    }

    /// <summary>How often a non-terminal `train --wait` prints a progress line.</summary>
    internal static readonly TimeSpan ProgressLineInterval = TimeSpan.FromSeconds(5);

    internal static HeadKind ParseHead(string head) => head.ToLowerInvariant() switch
    {
        "logreg" => HeadKind.Logreg,
        "mlp" => HeadKind.Mlp,
        _ => throw new ArgumentException($"--head must be logreg or mlp, got \"{head}\"."),
    };
}
