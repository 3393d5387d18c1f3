using System.Buffers.Binary;
using LLMEmbed.Core.Heads;
using LLMEmbed.Grains.Abstractions.Tenants;
using LLMEmbed.Grains.Backbones;
using LLMEmbed.Grains.Storage;
using LLMEmbed.Grains.Tenants;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;

namespace LLMEmbed.Cluster.Tests;

/// <summary>
/// The tenant's background training run against real (file) storage: which Core trainer an incremental
/// run uses depends on what the active head was trained on.
/// </summary>
public sealed class TenantTrainerTests : IDisposable
{
    private const int Dimension = 8;
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "llmembed-trainer-" + Guid.NewGuid().ToString("N"));
    private readonly TenantStore _store;
    private readonly Serializer _serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();
    private readonly TenantOptions _options = new() { HoldoutFraction = 0.2, Seed = 5 };

    public TenantTrainerTests()
    {
        var storage = new DurableFileGrainStorage("test", new DurableFileStorageOptions { RootDirectory = _directory }, new OrleansGrainStorageSerializer(_serializer));
        _store = new TenantStore(storage, GrainId.Create("tenant", "trainer-test"));
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Runs_decide_on_the_holdout_then_refit_on_every_row_and_incremental_runs_update_on_the_new_rows_only()
    {
        LabelInfo[] three = [new("a", false, 40), new("b", false, 40), new("c", false, 40)];
        var segment = Rows(new TenantSegment(), [0, 1, 2], 40, seed: 1);
        await _store.WriteBaseAsync(0, segment);
        var first = await Run(TrainingMode.Full, [120], three, active: null, trainedThrough: null);
        Assert.Equal([120], first.TrainedThrough!);
        var head = first.Head!;
        // The candidate trained on 32 per label decided on the 8 per label held out; the head kept is refit on all 120.
        Assert.Equal(24, first.Metrics.HoldoutSize);
        Assert.Equal(["a", "b", "c"], first.Metrics.Labels);
        Assert.All(new[] { "24", "96", "120" }, n => Assert.Contains(n, first.Metrics.ScoredBy!));
        Assert.Equal(120, first.Examples);
        Assert.Equal(120, head.Training.TrainingExamples);
        Assert.Contains("CV", head.Training.Selection);

        // A fourth label arrives: 30 rows appended to the same segment.
        LabelInfo[] four = [.. three, new("d", false, 30)];
        await _store.WriteBaseAsync(0, Rows(segment, [3], 30, seed: 2));
        var update = await Run(TrainingMode.Incremental, [150], four, head, trainedThrough: [120]);
        var updated = update.Head!;
        // The updated head answers every tenant label, the new one included.
        Assert.Equal([0, 1, 2, 3], updated.ClassLabels().Order());
        // HeadTrainer.Update: its fixed epochs over the 30 new rows (holdout included, after the decision) plus as many replayed old ones.
        Assert.Equal(new HeadOptions().IncrementalEpochs, updated.Training.Epochs);
        Assert.Equal(60, updated.Training.TrainingExamples);
        Assert.Equal(150, update.Examples);
        Assert.Equal([150], update.TrainedThrough!);
        Assert.True(update.Metrics.Accuracy >= 0.9, $"holdout accuracy {update.Metrics.Accuracy}");

        // Without a record of what the active head saw, an incremental run warm-starts a full pass.
        var fallback = await Run(TrainingMode.Incremental, [150], four, head, trainedThrough: null);
        Assert.Equal(150, fallback.Examples);
        Assert.Equal(150, fallback.Head!.Training.TrainingExamples);
    }

    [Fact]
    public async Task An_outcome_crossing_silos_carries_the_head_as_its_stored_bytes()
    {
        LabelInfo[] two = [new("a", false, 40), new("b", false, 40)];
        await _store.WriteBaseAsync(0, Rows(new TenantSegment(), [0, 1], 40, seed: 3));
        var outcome = await Run(TrainingMode.Full, [80], two, active: null, trainedThrough: null);

        var copy = _serializer.Deserialize<TrainingOutcome>(_serializer.SerializeToArray(outcome));
        Assert.NotNull(copy);

        Assert.Equal(HeadSerializer.ToBytes(outcome.Head!), HeadSerializer.ToBytes(copy.Head!));
        Assert.Equal(outcome.Metrics.Accuracy, copy.Metrics.Accuracy);
    }

    private Task<TrainingOutcome> Run(TrainingMode mode, int[] counts, LabelInfo[] labels, Head? active, int[]? trainedThrough) =>
        TenantTrainer.RunAsync(
            new TrainingInput(new TrainingRequest(mode, HeadKindContract.LogReg, Force: false), counts, labels, active, active is null ? 0 : 1, _options, trainedThrough),
            _store, _ => { }, CancellationToken.None);

    /// <summary>Appends <paramref name="perLabel"/> rows of each label, one well-separated Gaussian blob per label.</summary>
    private static TenantSegment Rows(TenantSegment segment, int[] labels, int perLabel, int seed)
    {
        var random = new Random(seed);
        var count = labels.Length * perLabel;
        var features = new byte[count * Dimension * sizeof(float)];
        var rowLabels = new int[count];
        for (var i = 0; i < count; i++)
        {
            var label = labels[i / perLabel];
            rowLabels[i] = label;
            for (var d = 0; d < Dimension; d++)
            {
                var centre = d == label ? 4f : 0f;
                var value = centre + (float)(random.NextDouble() - 0.5);
                BinaryPrimitives.WriteSingleLittleEndian(features.AsSpan((i * Dimension + d) * sizeof(float)), value);
            }
        }
        return segment.Append(Dimension, features, rowLabels, null);
    }
}
