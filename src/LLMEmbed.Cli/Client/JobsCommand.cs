using System.Globalization;
using System.CommandLine;
using LLMEmbed.Cli.Rendering;
using LLMEmbed.Protos.V1;
using Spectre.Console;

namespace LLMEmbed.Cli.Client;

/// <summary>`llmembed jobs show|cancel JOB` (tenant key): one training job's state, or stopping it.</summary>
internal static class JobsCommand
{
    public static Command Create()
    {
        var command = new Command("jobs", "Training jobs: show one, or cancel a queued or running one");
        command.Subcommands.Add(Action("show", "Show a training job's state, progress and message",
            (client, request, call) => client.GetJobAsync(new GetJobRequest { Tenant = request.Tenant, JobId = request.JobId }, call).ResponseAsync));
        command.Subcommands.Add(Action("cancel", "Cancel a queued or running training job (no head comes of it)",
            (client, request, call) => client.CancelJobAsync(request, call).ResponseAsync));
        return command;
    }

    private static Command Action(string name, string description,
        Func<Training.TrainingClient, CancelJobRequest, Grpc.Core.CallOptions, Task<Job>> call)
    {
        var jobId = new Argument<string>("job") { Description = "Job id (as `llmembed train` printed it)" };
        var command = new Command(name, description) { jobId };
        var settings = ClientSettings.ForTenant(command);
        command.SetAction(async (p, ct) =>
        {
            using var connection = settings.Connect(p);
            var job = await call(new Training.TrainingClient(connection.Channel), new CancelJobRequest { Tenant = connection.Tenant, JobId = p.GetValue(jobId)! },
                connection.Call(ct));
            Consoles.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{job.JobId} {job.State.ToString().ToLowerInvariant()} {job.Progress * 100:0}% {job.Message}"));
            return 0;
        });
        return command;
    }
}
