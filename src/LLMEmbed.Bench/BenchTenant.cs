using System.Diagnostics;
using Grpc.Core;
using Grpc.Net.Client;
using LLMEmbed.Core.Data;
using LLMEmbed.Protos.V1;

namespace LLMEmbed.Bench;

/// <summary>A tenant the bench created and trained through the public gRPC API.</summary>
internal sealed record BenchTenant(string Id, Metadata Headers)
{
    /// <summary>
    /// CreateTenant, SetLabels, AddExamples (chunked), Train (logreg), then polls the job until it ends. With
    /// <paramref name="tasks"/>, the tasks are created first, every row carries its labels for each, and each task trains in turn.
    /// </summary>
    public static async Task<BenchTenant> CreateTrainedAsync(GrpcChannel channel, Metadata admin, string id, string recipe,
        IReadOnlyList<LabeledText> examples, SetupTimings? timings = null, CancellationToken cancellationToken = default,
        IReadOnlyList<BenchTask>? tasks = null)
    {
        timings ??= new SetupTimings();
        var clock = Stopwatch.StartNew();
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentOutOfRangeException.ThrowIfZero(examples.Count);
        var created = await new Admin.AdminClient(channel).CreateTenantAsync(
            new CreateTenantRequest { Tenant = id, Recipe = recipe }, admin, cancellationToken: cancellationToken);
        var tenant = new BenchTenant(id, new Metadata { { "authorization", $"Bearer {created.Key}" } });
        timings.Add(SetupTimings.Step.Create, clock);
        await new Labels.LabelsClient(channel).SetLabelsAsync(
            new SetLabelsRequest { Tenant = id, Labels = { examples.Select(e => e.Label).Distinct() } }, tenant.Headers, cancellationToken: cancellationToken);
        if (tasks is not null) await BenchTaskLabels.CreateAsync(channel, tenant, tasks, examples);
        timings.Add(SetupTimings.Step.Labels, clock);
        var examplesClient = new Examples.ExamplesClient(channel);
        foreach (var chunk in examples.Chunk(128))
        {
            await examplesClient.AddExamplesAsync(new AddExamplesRequest
            {
                Tenant = id,
                Truncate = true,
                Examples = { chunk.Select(e => tasks is null ? new Example { Text = e.Text, Label = e.Label } : BenchTaskLabels.ToExample(e, tasks)) },
            }, tenant.Headers, cancellationToken: cancellationToken);
        }
        timings.Add(SetupTimings.Step.Examples, clock);
        // One training run per tenant at a time: the tasks train one after another.
        foreach (var task in new[] { "" }.Concat(tasks?.Select(t => t.Name) ?? []))
            await TrainAsync(channel, tenant, task, timings, clock, cancellationToken);
        return tenant;
    }

    private static async Task TrainAsync(GrpcChannel channel, BenchTenant tenant, string task, SetupTimings timings, Stopwatch clock, CancellationToken cancellationToken)
    {
        var training = new Training.TrainingClient(channel);
        var started = await training.TrainAsync(new TrainRequest { Tenant = tenant.Id, Head = HeadKind.Logreg, Task = task }, tenant.Headers, cancellationToken: cancellationToken);
        timings.Add(SetupTimings.Step.Train, clock);
        while (true)
        {
            var job = await training.GetJobAsync(new GetJobRequest { Tenant = tenant.Id, JobId = started.JobId }, tenant.Headers, cancellationToken: cancellationToken);
            if (job.State == JobState.Succeeded)
            {
                timings.Add(SetupTimings.Step.Wait, clock);
                return;
            }
            if (job.State is JobState.Failed or JobState.Cancelled) throw new InvalidOperationException($"training tenant '{tenant.Id}' task '{task}' failed: {job.Message}");
            await Task.Delay(TimeSpan.FromMilliseconds(25), cancellationToken);
        }
    }
}
