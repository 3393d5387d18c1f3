using System.Numerics.Tensors;
using LLMEmbed.Core.Sampling;

namespace LLMEmbed.Core.Heads;

/// <summary>
/// Trains heads on frozen feature vectors, fully determined by the options' seed: softmax regression by
/// L-BFGS with L2 chosen by cross-validation (<see cref="SoftmaxRegression"/>), the MLP (or Adam-trained
/// softmax regression) by mini-batch Adam with early stopping on a stratified validation split (best weights
/// restored), L2 and dropout chosen on that split unless fixed.
/// </summary>
public static class HeadTrainer
{
    internal const ulong InitStream = 1, SplitStream = 2, ShuffleStream = 3, DropoutStream = 4, ReplayStream = 5;

    /// <summary>
    /// Full training. With <paramref name="warmStart"/>, training continues from its weights (pass old and new
    /// examples together); labels it lacks get fresh zero rows appended to the output layer, existing label
    /// order is kept, and its architecture and standardizer are kept too: refitting the standardizer would
    /// silently change what the learned weights mean.
    /// </summary>
    public static TrainingResult Train(TrainingSet data, HeadOptions options, IProgress<TrainingProgress>? progress = null,
        CancellationToken ct = default, Head? warmStart = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (warmStart is not null)
            CheckCompatible(warmStart, data, options, nameof(data));

        string[] labels = LabelOrder(warmStart, data.Labels);
        if (labels.Length < 2)
            throw new ArgumentException($"Training needs at least two distinct labels; the data has only '{labels[0]}'.", nameof(data));
        int[] classes = ClassIndices(labels, data.Labels);
        if (options.Solver == HeadSolver.Lbfgs)
        {
            // Cross-validation needs every row; the standardizer is fitted on all of them, like a scaler ahead of a CV search.
            Standardizer? all = warmStart is not null
                ? warmStart.Standardizer
                : options.Standardize ? Standardizer.Fit(data, Enumerable.Range(0, data.Count).ToArray(), options.MaxDegreeOfParallelism) : null;
            return SoftmaxRegression.Train(data, classes, labels, all, options, warmStart, progress, ct);
        }

        (int[] trainRows, int[] validationRows) = StratifiedSplit(classes, options.ValidationFraction, options.Seed);
        Standardizer? standardizer = warmStart is not null
            ? warmStart.Standardizer
            : options.Standardize ? Standardizer.Fit(data, trainRows, options.MaxDegreeOfParallelism) : null;

        float[] l2Grid = options.L2 is { } l2 ? [l2] : [.. options.MlpL2Grid];
        float[] dropoutGrid = options.Dropout is { } d ? [d] : options.Kind == HeadKind.Mlp ? [.. options.MlpDropoutGrid] : [0f];
        bool search = l2Grid.Length * dropoutGrid.Length > 1;
        if (search && validationRows.Length == 0)
            throw new ArgumentException("Choosing L2 or dropout needs a validation split: set HeadOptions.ValidationFraction above 0, or fix L2 and Dropout.", nameof(options));

        AdamRun NewRun(float l2Value, float dropout)
        {
            HeadNetwork network = warmStart is not null
                ? FromHead(warmStart, labels.Length)
                : HeadNetwork.CreateInitialized([data.Dimension, .. options.HiddenWidths, labels.Length], SeededRandom.Mix((ulong)options.Seed, InitStream));
            return new AdamRun(network, data, classes, standardizer, options with { L2 = l2Value, Dropout = dropout },
                trainRows, validationRows, options.MaxEpochs, earlyStopping: true, ct);
        }
        // Highest validation accuracy at the restored epoch; ties to the lower validation loss, then the earlier grid point.
        static bool Better((double Accuracy, double Loss) a, (double Accuracy, double Loss) b) =>
            a.Accuracy > b.Accuracy || (a.Accuracy == b.Accuracy && a.Loss < b.Loss);

        var grid = l2Grid.SelectMany(l2Value => dropoutGrid.Select(dropout => (L2: l2Value, Dropout: dropout))).ToArray();
        TrainingResult best;
        double bestAccuracy;
        int rung = 0;
        if (search && trainRows.Length > options.MlpHalvingRows)
        {
            // Large sets: every candidate trains a short rung, only the best one continues (from where it was, so
            // its head is exactly the one a full run of it would give); a full grid would cost one whole training per point.
            rung = Math.Max(1, (int)Math.Ceiling((double)options.MlpHalvingExamples / trainRows.Length));
            AdamRun? winner = null;
            foreach (var (l2Value, dropout) in grid)
            {
                var run = NewRun(l2Value, dropout);
                run.Advance(rung, progress);
                if (winner is null || Better(run.AtBest, winner.AtBest)) winner = run;
            }
            winner!.Advance(options.MaxEpochs, progress);
            best = winner.Finish(options.Kind, labels);
            bestAccuracy = winner.AtBest.Accuracy;
        }
        else
        {
            TrainingResult? chosen = null;
            (double Accuracy, double Loss) chosenAt = (double.NegativeInfinity, double.PositiveInfinity);
            foreach (var (l2Value, dropout) in grid)
            {
                var run = NewRun(l2Value, dropout);
                run.Advance(options.MaxEpochs, progress);
                if (chosen is null || Better(run.AtBest, chosenAt))
                {
                    chosen = run.Finish(options.Kind, labels);
                    chosenAt = run.AtBest;
                }
            }
            best = chosen!;
            bestAccuracy = chosenAt.Accuracy;
        }

        if (!search)
            return best;
        var info = best.Head.Training with
        {
            CvAccuracy = bestAccuracy,
            Selection = string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"validation split over {l2Grid.Length} L2 x {dropoutGrid.Length} dropout values{(rung > 0 ? $", halved after {rung} epoch(s)" : "")}"),
        };
        return best with { Head = new Head(best.Head.Kind, best.Head.Labels, best.Head.Standardizer, best.Head.Layers, info) };
    }

    /// <summary>
    /// Fast incremental update: <see cref="HeadOptions.IncrementalEpochs"/> epochs (at
    /// <see cref="HeadOptions.IncrementalLearningRate"/>, batches of at most <see cref="HeadOptions.IncrementalBatchSize"/>) over all of
    /// <paramref name="newExamples"/> plus <see cref="HeadOptions.ReplayRatio"/> x as many examples drawn from
    /// <paramref name="replayPool"/> (the old training data), starting from <paramref name="head"/>'s weights,
    /// with no validation split. New labels are appended as in <see cref="Train"/>'s warm start.
    /// </summary>
    public static TrainingResult Update(Head head, TrainingSet newExamples, TrainingSet? replayPool, HeadOptions options,
        IProgress<TrainingProgress>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(head);
        ArgumentNullException.ThrowIfNull(newExamples);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        CheckCompatible(head, newExamples, options, nameof(newExamples));
        if (replayPool is not null && replayPool.Dimension != head.InputDim)
            throw new ArgumentException($"The replay pool has {replayPool.Dimension} features; the head takes {head.InputDim}.", nameof(replayPool));

        var rows = new List<float[]>(newExamples.Count);
        var rowLabels = new List<string>(newExamples.Count);
        for (int i = 0; i < newExamples.Count; i++)
        {
            rows.Add(newExamples.Row(i).ToArray());
            rowLabels.Add(newExamples.Labels[i]);
        }
        if (replayPool is not null)
        {
            int replayCount = (int)Math.Min(replayPool.Count, Math.Round(options.ReplayRatio * newExamples.Count));
            int[] pool = Enumerable.Range(0, replayPool.Count).ToArray();
            var rng = new SeededRandom(SeededRandom.Mix((ulong)options.Seed, ReplayStream));
            for (int i = 0; i < replayCount; i++)
            {
                // Partial Fisher-Yates: the first replayCount slots become a uniform sample without replacement.
                int j = i + rng.NextInt(pool.Length - i);
                (pool[i], pool[j]) = (pool[j], pool[i]);
                rows.Add(replayPool.Row(pool[i]).ToArray());
                rowLabels.Add(replayPool.Labels[pool[i]]);
            }
        }

        var data = new TrainingSet(rows, rowLabels);
        string[] labels = LabelOrder(head, data.Labels);
        int[] classes = ClassIndices(labels, data.Labels);
        var updateOptions = options with
        {
            // Unless fixed, keep what the head was fitted with (heads stored before it was recorded: the old defaults).
            L2 = options.L2 ?? (float.IsFinite(head.Training.L2) ? head.Training.L2 : 1e-4f),
            Dropout = options.Dropout ?? (float.IsFinite(head.Training.Dropout) ? head.Training.Dropout : head.Kind == HeadKind.Mlp ? 0.5f : 0f),
            LearningRate = options.IncrementalLearningRate,
            BatchSize = Math.Min(options.BatchSize, options.IncrementalBatchSize),
        };
        var run = new AdamRun(FromHead(head, labels.Length), data, classes, head.Standardizer, updateOptions,
            Enumerable.Range(0, data.Count).ToArray(), [], options.IncrementalEpochs, earlyStopping: false, ct);
        run.Advance(options.IncrementalEpochs, progress);
        return run.Finish(head.Kind, labels);
    }

    private static void CheckCompatible(Head head, TrainingSet data, HeadOptions options, string parameter)
    {
        if (data.Dimension != head.InputDim)
            throw new ArgumentException($"The data has {data.Dimension} features; the warm-start head takes {head.InputDim}.", parameter);
        if (options.Kind != head.Kind)
            throw new ArgumentException($"HeadOptions.Kind is {options.Kind} but the warm-start head is {head.Kind}.", nameof(options));
    }

    /// <summary>Existing head labels first (order kept), then unseen labels in ordinal order.</summary>
    private static string[] LabelOrder(Head? head, IReadOnlyList<string> dataLabels)
    {
        var known = head?.Labels ?? [];
        var existing = new HashSet<string>(known, StringComparer.Ordinal);
        var added = dataLabels.Distinct(StringComparer.Ordinal).Where(l => !existing.Contains(l)).Order(StringComparer.Ordinal);
        return [.. known, .. added];
    }

    private static int[] ClassIndices(string[] labels, IReadOnlyList<string> dataLabels)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < labels.Length; i++)
            index[labels[i]] = i;
        return dataLabels.Select(l => index[l]).ToArray();
    }

    /// <summary>The validation split: <see cref="StratifiedFolds.Holdout"/> on the seed's split stream, rows ascending.</summary>
    internal static (int[] Train, int[] Validation) StratifiedSplit(int[] classes, double fraction, int seed)
    {
        var (train, validation) = StratifiedFolds.Holdout(classes, fraction, new SeededRandom(SeededRandom.Mix((ulong)seed, SplitStream)));
        train.Sort();
        validation.Sort();
        return (train.ToArray(), validation.ToArray());
    }

    /// <summary>A network holding a copy of the head's weights, the output layer grown to <paramref name="classCount"/>.</summary>
    private static HeadNetwork FromHead(Head head, int classCount)
    {
        int layers = head.Layers.Count;
        var widths = new int[layers + 1];
        var weights = new float[layers][];
        var biases = new float[layers][];
        for (int l = 0; l < layers; l++)
        {
            DenseLayer layer = head.Layers[l];
            widths[l] = layer.InputDim;
            int outDim = l == layers - 1 ? classCount : layer.OutputDim;
            // New classes get zero rows: they start from the bias-free uniform logit and learn from their examples.
            weights[l] = new float[outDim * layer.InputDim];
            biases[l] = new float[outDim];
            layer.Weights.CopyTo(weights[l]);
            layer.Biases.CopyTo(biases[l]);
        }
        widths[layers] = classCount;
        return new HeadNetwork(widths, weights, biases);
    }
}
