using System.Diagnostics;
using Grpc.Core;
using Grpc.Net.Client;
using LLMEmbed.Core.Data;
using LLMEmbed.Protos.V1;

namespace LLMEmbed.Bench;

/// <summary>A tenant the bench created and trained through the public gRPC API.</summary>
internal sealed record BenchTenant(string Id, Metadata Headers)
{
    /// <summary>CreateTenant, SetLabels, AddExamples (chunked), Train (logreg), then polls the job until it ends.</summary>
    public static async Task<BenchTenant> CreateTrainedAsync(GrpcChannel channel, Metadata admin, string id, string recipe,
        IReadOnlyList<LabeledText> examples, SetupTimings? timings = null, CancellationToken cancellationToken = default)
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
        timings.Add(SetupTimings.Step.Labels, clock);
        var examplesClient = new Examples.ExamplesClient(channel);
        foreach (var chunk in examples.Chunk(128))
        {
            await examplesClient.AddExamplesAsync(new AddExamplesRequest
            {
                Tenant = id,
                Truncate = true,
                Examples = { chunk.Select(e => new Example { Text = e.Text, Label = e.Label }) },
            }, tenant.Headers, cancellationToken: cancellationToken);
        }
        timings.Add(SetupTimings.Step.Examples, clock);
        var training = new Training.TrainingClient(channel);
        var started = await training.TrainAsync(new TrainRequest { Tenant = id, Head = HeadKind.Logreg }, tenant.Headers, cancellationToken: cancellationToken);
        timings.Add(SetupTimings.Step.Train, clock);
        while (true)
        {
            var job = await training.GetJobAsync(new GetJobRequest { Tenant = id, JobId = started.JobId }, tenant.Headers, cancellationToken: cancellationToken);
            if (job.State == JobState.Succeeded)
            {
                timings.Add(SetupTimings.Step.Wait, clock);
                return tenant;
            }
            if (job.State == JobState.Failed) throw new InvalidOperationException($"training tenant '{id}' failed: {job.Message}");
            await Task.Delay(TimeSpan.FromMilliseconds(25), cancellationToken);
        }
    }
}
