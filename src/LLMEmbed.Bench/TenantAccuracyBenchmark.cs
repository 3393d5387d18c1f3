using System.Diagnostics;
using Grpc.Core;
using Grpc.Net.Client;
using LLMEmbed.Core.Data;
using LLMEmbed.Protos.V1;

namespace LLMEmbed.Bench;

/// <summary>
/// A tenant's whole life through the public gRPC API, with every setting left at its default: create
/// (default recipe), set the labels, stream the training rows in (ImportExamples, as `llmembed
/// import` sends them), train (default head and mode), wait for the job, then classify the test rows
/// and count how many get their true label. Used by the bench (`--only tenant-imdb`) and by the
/// end-to-end accuracy test.
/// </summary>
public sealed class TenantAccuracyBenchmark(GrpcChannel channel, Metadata admin)
{
    /// <summary>`llmembed eval`'s default --seed: with it, the same stratified subsample of IMDB train and test as the eval.</summary>
    public const int EvalSeed = 42;

    /// <summary>The IMDB rows `llmembed eval --dataset imdb --train-size <paramref name="train"/> --test-size <paramref name="test"/>` uses.</summary>
    public static Dataset ImdbEvalSplit(int train, int test, IProgress<string>? progress = null) =>
        DatasetCatalog.Load("imdb", new DatasetLoadOptions { TrainSize = train, TestSize = test, Seed = EvalSeed, Progress = progress });

    /// <summary>Rows per ImportExamples message: `llmembed import`'s default --batch.</summary>
    public int ImportBatch { get; init; } = 256;

    /// <summary>Texts per Classify call: the default per-tenant texts_per_call (Gateway:DefaultLimits:TextsPerCall).</summary>
    public int ClassifyBatch { get; init; } = 256;

    /// <summary>How often a progress line is printed while importing, training and classifying.</summary>
    public TimeSpan ProgressEvery { get; init; } = TimeSpan.FromSeconds(5);

    /// <param name="ClassifyRetries">Classify calls refused as overloaded (ResourceExhausted) and sent again.</param>
    /// <param name="WarmUpSeconds">The first Embed call, which loads the backbones (kept out of the import's time).</param>
    /// <param name="Truncated">Training rows the gateway cut at a backbone's token limit.</param>
    /// <param name="ActiveHeadVersion">ListHeads' active version after the job.</param>
    /// <param name="HeadExamples">Examples the tenant held when the head was trained, as ListHeads reports it.</param>
    /// <param name="HoldoutAccuracy">Accuracy of the new head on the tenant's own stratified holdout, as the job reports it.</param>
    public sealed record Result(string Tenant, string Recipe, int TrainRows, int TestRows, long Accepted, int Truncated,
        int HeadVersion, string HeadKind, bool Promoted, int ActiveHeadVersion, long HeadExamples, double HoldoutAccuracy, int HoldoutSize, string JobMessage,
        IReadOnlyList<string> Predicted, int Correct, int ClassifyRetries, double WarmUpSeconds, double ImportSeconds, double TrainSeconds, double ClassifySeconds)
    {
        public double Accuracy => TestRows == 0 ? 0 : (double)Correct / TestRows;
        public double ImportRowsPerSecond => TrainRows / ImportSeconds;
        public double ClassifyRowsPerSecond => TestRows / ClassifySeconds;

        public string Summary =>
            $"tenant-imdb: {TrainRows} train / {TestRows} test, recipe {Recipe}, head v{HeadVersion} {HeadKind}: accuracy {Accuracy:0.0000} ({Correct}/{TestRows}); " +
            $"import {ImportSeconds:0.0} s ({ImportRowsPerSecond:0.0} rows/s, {Truncated} truncated), train {TrainSeconds:0.0} s, " +
            $"classify {ClassifySeconds:0.0} s ({ClassifyRowsPerSecond:0.0} rows/s, {ClassifyRetries} overload retries); holdout accuracy {HoldoutAccuracy:0.0000} of {HoldoutSize}";

        public Dictionary<string, object?> ToJson() => new()
        {
            ["tenant"] = Tenant, ["recipe"] = Recipe, ["train_rows"] = TrainRows, ["test_rows"] = TestRows,
            ["accepted"] = Accepted, ["truncated"] = Truncated, ["head_version"] = HeadVersion, ["head_kind"] = HeadKind,
            ["promoted"] = Promoted, ["active_head_version"] = ActiveHeadVersion, ["head_examples"] = HeadExamples, ["holdout_accuracy"] = HoldoutAccuracy, ["holdout_size"] = HoldoutSize, ["job_message"] = JobMessage,
            ["correct"] = Correct, ["classify_retries"] = ClassifyRetries, ["warm_up_s"] = WarmUpSeconds, ["accuracy"] = Accuracy, ["import_s"] = ImportSeconds, ["import_rows_per_s"] = ImportRowsPerSecond,
            ["train_s"] = TrainSeconds, ["classify_s"] = ClassifySeconds, ["classify_rows_per_s"] = ClassifyRowsPerSecond,
        };
    }

    public async Task<Result> RunAsync(string tenant, IReadOnlyList<string> labels, IReadOnlyList<LabeledText> train, IReadOnlyList<LabeledText> test,
        IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenant);
        ArgumentOutOfRangeException.ThrowIfZero(train.Count);
        ArgumentOutOfRangeException.ThrowIfZero(test.Count);
        var created = await new Admin.AdminClient(channel).CreateTenantAsync(new CreateTenantRequest { Tenant = tenant }, admin, cancellationToken: cancellationToken);
        var auth = new Metadata { { "authorization", $"Bearer {created.Key}" } };
        var recipe = (await new Admin.AdminClient(channel).ListTenantsAsync(new ListTenantsRequest(), admin, cancellationToken: cancellationToken))
            .Tenants.Single(t => t.Tenant == tenant).Recipe;
        await new Labels.LabelsClient(channel).SetLabelsAsync(new SetLabelsRequest { Tenant = tenant, Labels = { labels } }, auth, cancellationToken: cancellationToken);

        var clock = Stopwatch.StartNew();
        await WarmUpAsync(tenant, auth, cancellationToken);
        var warmUpSeconds = clock.Elapsed.TotalSeconds;
        progress?.Report($"warm-up: one Embed call (loads the recipe's backbones) in {warmUpSeconds:0.0} s");

        clock.Restart();
        var imported = await ImportAsync(tenant, auth, train, progress, cancellationToken);
        var importSeconds = clock.Elapsed.TotalSeconds;
        progress?.Report($"import: {imported.Accepted} rows accepted ({imported.Truncated} truncated) in {importSeconds:0.0} s");

        clock.Restart();
        var (job, head, active) = await TrainAsync(tenant, auth, progress, cancellationToken);
        var trainSeconds = clock.Elapsed.TotalSeconds;

        clock.Restart();
        var (predicted, classifyRetries) = await ClassifyAsync(tenant, auth, test, progress, cancellationToken);
        var classifySeconds = clock.Elapsed.TotalSeconds;
        var correct = test.Where((row, i) => i < predicted.Count && predicted[i] == row.Label).Count();
        return new Result(tenant, recipe, train.Count, test.Count, imported.Accepted, imported.Truncated,
            head.Version, head.Kind.ToString().ToLowerInvariant(), job.Promoted, active, head.Examples, job.Metrics?.Accuracy ?? double.NaN, job.Metrics?.HoldoutSize ?? 0, job.Message,
            predicted, correct, classifyRetries, warmUpSeconds, importSeconds, trainSeconds, classifySeconds);
    }

    /// <summary>
    /// Backbones load on first use, inside the first grain call's 30-second window; one short Embed
    /// call (nothing stored) loads them before the timed import. A load slower than that window times
    /// the call out but goes on, so the call is retried a few times.
    /// </summary>
    private async Task WarmUpAsync(string tenant, Metadata auth, CancellationToken ct)
    {
        var inference = new Inference.InferenceClient(channel);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await inference.EmbedAsync(new EmbedRequest { Tenant = tenant, Texts = { "warm-up" } }, auth, cancellationToken: ct);
                return;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.DeadlineExceeded && attempt < 4) { }
        }
    }

    private async Task<AddExamplesResponse> ImportAsync(string tenant, Metadata auth, IReadOnlyList<LabeledText> rows, IProgress<string>? progress, CancellationToken ct)
    {
        var examples = new Examples.ExamplesClient(channel);
        using var call = examples.ImportExamples(auth, cancellationToken: ct);
        var sent = 0;
        var since = Stopwatch.StartNew();
        foreach (var chunk in rows.Chunk(ImportBatch))
        {
            // Reviews longer than a backbone's window are cut there, as `llmembed import --truncate` does.
            var message = new ImportExamplesRequest { Tenant = tenant, Truncate = true };
            message.Examples.AddRange(chunk.Select(r => new Example { Text = r.Text, Label = r.Label }));
            await call.RequestStream.WriteAsync(message, ct);
            sent += chunk.Length;
            if (since.Elapsed >= ProgressEvery) { progress?.Report($"import: {sent}/{rows.Count} rows sent"); since.Restart(); }
        }
        await call.RequestStream.CompleteAsync();
        return await call.ResponseAsync;
    }

    /// <summary>Train with every field left at its default (full pass, logreg head), poll the job to its end, and read back its head version.</summary>
    private async Task<(Job Job, HeadVersion Head, int ActiveVersion)> TrainAsync(string tenant, Metadata auth, IProgress<string>? progress, CancellationToken ct)
    {
        var training = new Training.TrainingClient(channel);
        var started = await training.TrainAsync(new TrainRequest { Tenant = tenant }, auth, cancellationToken: ct);
        var since = Stopwatch.StartNew();
        Job job;
        while (true)
        {
            job = await training.GetJobAsync(new GetJobRequest { Tenant = tenant, JobId = started.JobId }, auth, cancellationToken: ct);
            if (job.State is JobState.Succeeded or JobState.Failed or JobState.Cancelled) break;
            if (since.Elapsed >= ProgressEvery) { progress?.Report($"train: job {job.JobId} {job.State}, {job.Progress:P0}: {job.Message}"); since.Restart(); }
            await Task.Delay(TimeSpan.FromMilliseconds(250), ct);
        }
        progress?.Report($"train: job {job.JobId} {job.State}: {job.Message}");
        if (job.State != JobState.Succeeded) throw new InvalidOperationException($"training tenant '{tenant}' failed: {job.Message}");
        var heads = await training.ListHeadsAsync(new ListHeadsRequest { Tenant = tenant }, auth, cancellationToken: ct);
        var head = heads.Heads.SingleOrDefault(h => h.Version == job.HeadVersion)
            ?? throw new InvalidOperationException($"job {job.JobId} reports head v{job.HeadVersion}, which ListHeads does not list.");
        return (job, head, heads.ActiveVersion);
    }

    /// <summary>Tries per Classify call under overload, as the gateway's import allows a piece: about two and a half minutes of waiting.</summary>
    private const int OverloadAttempts = 40;

    private async Task<(IReadOnlyList<string> Predicted, int Retries)> ClassifyAsync(string tenant, Metadata auth, IReadOnlyList<LabeledText> rows, IProgress<string>? progress, CancellationToken ct)
    {
        var retries = 0;
        var inference = new Inference.InferenceClient(channel);
        var predicted = new List<string>(rows.Count);
        var since = Stopwatch.StartNew();
        foreach (var chunk in rows.Chunk(ClassifyBatch))
        {
            var request = new ClassifyRequest { Tenant = tenant, Texts = { chunk.Select(r => r.Text) }, TopK = 1, Truncate = true };
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    predicted.AddRange((await inference.ClassifyAsync(request, auth, cancellationToken: ct)).Results.Select(r => r.Label));
                    break;
                }
                // Overloaded backbones refuse at once and say "retry shortly"; the texts already run wait in the fusion cache.
                catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted && attempt < OverloadAttempts)
                {
                    retries++;
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5_000, 250 * attempt)), ct);
                }
            }
            if (since.Elapsed >= ProgressEvery) { progress?.Report($"classify: {predicted.Count}/{rows.Count} rows"); since.Restart(); }
        }
        return (predicted, retries);
    }
}
