using LLMEmbed.Core.Heads;

namespace LLMEmbed.Core.Tests;

public class HeadTrainerTests
{
    private static readonly HeadOptions SmallMlp = new(HeadKind.Mlp) { HiddenWidths = [32, 16], Dropout = 0.2f, MaxEpochs = 60 };

    [Fact]
    public void LogReg_SeparatesGaussianBlobs()
    {
        var train = SyntheticBlobs.Set(4, 150, 12, 2.5, seed: 1);
        var (testRows, testLabels) = SyntheticBlobs.Generate(4, 100, 12, 2.5, seed: 2);
        var result = HeadTrainer.Train(train, new HeadOptions(HeadKind.LogReg) { BatchSize = 64 });

        Assert.True(SyntheticBlobs.Accuracy(result.Head, testRows, testLabels) >= 0.95);
        Assert.Equal(["class0", "class1", "class2", "class3"], result.Head.Labels);
        Assert.NotNull(result.Head.Standardizer);
    }

    [Fact]
    public void Mlp_SeparatesGaussianBlobs()
    {
        var train = SyntheticBlobs.Set(3, 150, 10, 2.5, seed: 3);
        var (testRows, testLabels) = SyntheticBlobs.Generate(3, 100, 10, 2.5, seed: 4);
        var result = HeadTrainer.Train(train, SmallMlp with { BatchSize = 64 });

        Assert.True(SyntheticBlobs.Accuracy(result.Head, testRows, testLabels) >= 0.95);
        Assert.Equal(3, result.Head.Layers.Count);
        Assert.Equal(HeadKind.Mlp, result.Head.Kind);
    }

    [Fact]
    public void Mlp_LearnsANonLinearBoundaryLogRegCannot()
    {
        // XOR of the signs of two coordinates: not linearly separable.
        var rng = new Random(5);
        float[][] Rows(int n) => Enumerable.Range(0, n).Select(_ => new[] { (float)(rng.NextDouble() * 2 - 1), (float)(rng.NextDouble() * 2 - 1) }).ToArray();
        string Label(float[] x) => x[0] * x[1] > 0 ? "same" : "diff";
        var trainRows = Rows(800);
        var testRows = Rows(300);
        var train = new TrainingSet(trainRows, trainRows.Select(Label).ToArray());
        string[] testLabels = testRows.Select(Label).ToArray();

        var mlp = HeadTrainer.Train(train, SmallMlp with { Dropout = 0f, MaxEpochs = 200, BatchSize = 32, LearningRate = 3e-3f }).Head;
        var logReg = HeadTrainer.Train(train, new HeadOptions()).Head;

        Assert.True(SyntheticBlobs.Accuracy(mlp, testRows, testLabels) >= 0.9);
        Assert.True(SyntheticBlobs.Accuracy(logReg, testRows, testLabels) < 0.7);
    }

    [Fact]
    public void SameSeed_GivesIdenticalHeads_WhateverTheThreadCount()
    {
        var train = SyntheticBlobs.Set(3, 80, 300, 0.3, seed: 6);
        var options = SmallMlp with { MaxEpochs = 5, BatchSize = 64 };
        var a = HeadTrainer.Train(train, options with { MaxDegreeOfParallelism = 1 }).Head;
        var b = HeadTrainer.Train(train, options with { MaxDegreeOfParallelism = 4 }).Head;
        for (int l = 0; l < a.Layers.Count; l++)
        {
            Assert.Equal(a.Layers[l].Weights.ToArray(), b.Layers[l].Weights.ToArray());
            Assert.Equal(a.Layers[l].Biases.ToArray(), b.Layers[l].Biases.ToArray());
        }

        var c = HeadTrainer.Train(train, options with { Seed = 7 }).Head;
        Assert.NotEqual(a.Layers[0].Weights.ToArray(), c.Layers[0].Weights.ToArray());
    }

    [Fact]
    public void Mlp_ChoosesL2AndDropoutOnTheValidationSplit_AndRecordsThem()
    {
        var train = SyntheticBlobs.Set(3, 40, 8, 2, seed: 37);
        var options = new HeadOptions(HeadKind.Mlp) { HiddenWidths = [16], MaxEpochs = 30 };
        var head = HeadTrainer.Train(train, options).Head;

        Assert.Equal("validation split over 2 L2 x 2 dropout values", head.Training.Selection);
        Assert.Contains(head.Training.L2, options.MlpL2Grid);
        Assert.Contains(head.Training.Dropout, options.MlpDropoutGrid);
        Assert.InRange(head.Training.CvAccuracy, 0.8, 1.0);
        var fixedHead = HeadTrainer.Train(train, options with { L2 = 1e-3f, Dropout = 0.1f }).Head;
        Assert.Equal("fixed", fixedHead.Training.Selection);
        Assert.Equal(0.1f, fixedHead.Training.Dropout);
    }

    [Fact]
    public void Mlp_SearchOnALargeSet_HalvesTheGrid_AndItsHeadIsTheWinnersFullRun()
    {
        var train = SyntheticBlobs.Set(3, 60, 8, 1.2, seed: 41);
        // 162 training rows above a limit of 100: each grid point trains 2 epochs (300 examples), then one goes on.
        var options = new HeadOptions(HeadKind.Mlp) { HiddenWidths = [16], MaxEpochs = 25, BatchSize = 32, MlpHalvingRows = 100, MlpHalvingExamples = 300 };
        var epochs = new List<TrainingProgress>();
        var halved = HeadTrainer.Train(train, options, new SynchronousProgress(epochs.Add));
        var head = halved.Head;

        Assert.Equal("validation split over 2 L2 x 2 dropout values, halved after 2 epoch(s)", head.Training.Selection);
        Assert.Contains(head.Training.L2, options.MlpL2Grid);
        Assert.Contains(head.Training.Dropout, options.MlpDropoutGrid);
        // Three losers stopped after their 2-epoch rung; the winner trained on from its third epoch.
        Assert.Equal(3 * 2 + head.Training.Epochs, epochs.Count);
        Assert.InRange(head.Training.Epochs, 3, 25);

        // The winner trained in pieces is bitwise the run of its values trained in one go.
        var whole = HeadTrainer.Train(train, options with { L2 = head.Training.L2, Dropout = head.Training.Dropout }).Head;
        Assert.Equal("fixed", whole.Training.Selection);
        Assert.Equal(whole.Training.Epochs, head.Training.Epochs);
        for (int l = 0; l < head.Layers.Count; l++)
        {
            Assert.Equal(whole.Layers[l].Weights.ToArray(), head.Layers[l].Weights.ToArray());
            Assert.Equal(whole.Layers[l].Biases.ToArray(), head.Layers[l].Biases.ToArray());
        }

        // Below the limit the full grid runs: every point to its own early stop.
        var full = HeadTrainer.Train(train, options with { MlpHalvingRows = 1_000 }).Head;
        Assert.Equal("validation split over 2 L2 x 2 dropout values", full.Training.Selection);
    }

    [Fact]
    public void EarlyStopping_RestoresTheBestEpoch()
    {
        // Noisy, overlapping classes with many features over-fit quickly.
        var train = SyntheticBlobs.Set(2, 60, 200, 0.05, seed: 8);
        var history = new List<TrainingProgress>();
        var result = HeadTrainer.Train(train, new HeadOptions { Solver = HeadSolver.Adam, L2 = 0, Patience = 3, LearningRate = 1e-2f, BatchSize = 16, Tolerance = 0 },
            new SynchronousProgress(history.Add));

        Assert.True(result.StoppedEarly);
        Assert.Equal(history.Count, result.History.Count);
        var best = history.MinBy(h => h.ValidationLoss)!;
        Assert.Equal(best.Epoch, result.Head.Training.BestEpoch);
        Assert.Equal(best.ValidationLoss, result.Head.Training.BestValidationLoss);
        Assert.Equal(best.Epoch + 3, result.Head.Training.Epochs);
    }

    [Fact]
    public void Tolerance_IgnoresTinyImprovements()
    {
        var train = SyntheticBlobs.Set(2, 60, 20, 2, seed: 8);
        // Every loss is within 10 of the first, so only epoch 1 counts as an improvement.
        var result = HeadTrainer.Train(train, new HeadOptions { Solver = HeadSolver.Adam, L2 = 1e-4f, Patience = 4, Tolerance = 10 });
        Assert.True(result.StoppedEarly);
        Assert.Equal(5, result.History.Count);
        Assert.Equal(result.History.MinBy(h => h.ValidationLoss)!.Epoch, result.Head.Training.BestEpoch);
    }

    [Fact]
    public void PatienceExamples_ShortensThePatienceOnLargeSets()
    {
        var options = new HeadOptions { Patience = 10, PatienceExamples = 100_000 };
        Assert.Equal(10, options.EffectivePatience(5_000));
        Assert.Equal(10, options.EffectivePatience(10_000));
        Assert.Equal(3, options.EffectivePatience(45_000));
        Assert.Equal(2, options.EffectivePatience(1_000_000));
        Assert.Equal(10, (options with { PatienceExamples = 0 }).EffectivePatience(1_000_000));

        // The same run as Tolerance_IgnoresTinyImprovements, now stopping after two idle epochs instead of four.
        var train = SyntheticBlobs.Set(2, 60, 20, 2, seed: 8);
        var result = HeadTrainer.Train(train, new HeadOptions { Solver = HeadSolver.Adam, L2 = 1e-4f, Patience = 4, Tolerance = 10, PatienceExamples = 1 });
        Assert.True(result.StoppedEarly);
        Assert.Equal(3, result.History.Count);
        Assert.Contains("HeadOptions.PatienceExamples", Assert.Throws<ArgumentException>(() =>
            HeadTrainer.Train(train, new HeadOptions { PatienceExamples = -1 })).Message);
    }

    [Fact]
    public void WarmStart_AddsANewLabelThatBecomesPredictable()
    {
        var (rows, labels) = SyntheticBlobs.Generate(3, 100, 8, 2.5, seed: 9);
        bool IsOld(int i) => labels[i] != "class2";
        var old = new TrainingSet(rows.Where((_, i) => IsOld(i)).ToArray(), labels.Where((_, i) => IsOld(i)).ToArray());
        var first = HeadTrainer.Train(old, new HeadOptions()).Head;
        Assert.Equal(["class0", "class1"], first.Labels);

        var all = new TrainingSet(rows, labels);
        var second = HeadTrainer.Train(all, new HeadOptions { MaxEpochs = 100 }, warmStart: first).Head;

        Assert.Equal(["class0", "class1", "class2"], second.Labels);
        Assert.Same(first.Standardizer, second.Standardizer);
        var (testRows, testLabels) = SyntheticBlobs.Generate(3, 50, 8, 2.5, seed: 10);
        Assert.True(SyntheticBlobs.Accuracy(second, testRows, testLabels) >= 0.95);
    }

    [Fact]
    public void Update_LearnsANewLabelFromFewExamplesAndKeepsOldOnes()
    {
        var (rows, labels) = SyntheticBlobs.Generate(3, 100, 16, 2.5, seed: 11);
        bool IsOld(int i) => labels[i] != "class2";
        var oldSet = new TrainingSet(rows.Where((_, i) => IsOld(i)).ToArray(), labels.Where((_, i) => IsOld(i)).ToArray());
        var head = HeadTrainer.Train(oldSet, new HeadOptions()).Head;

        var newRows = rows.Where((_, i) => !IsOld(i)).Take(30).ToArray();
        var newSet = new TrainingSet(newRows, Enumerable.Repeat("class2", newRows.Length).ToArray());
        var updated = HeadTrainer.Update(head, newSet, oldSet, new HeadOptions { IncrementalEpochs = 20, LearningRate = 1e-2f, BatchSize = 32 });

        Assert.Equal(["class0", "class1", "class2"], updated.Head.Labels);
        Assert.Equal(20, updated.History.Count);
        Assert.Equal(60, updated.Head.Training.TrainingExamples); // 30 new + 30 replayed
        var (testRows, testLabels) = SyntheticBlobs.Generate(3, 50, 16, 2.5, seed: 12);
        Assert.True(SyntheticBlobs.Accuracy(updated.Head, testRows, testLabels) >= 0.95);
    }

    [Fact]
    public void StratifiedSplit_KeepsClassProportionsAndOneTrainingExamplePerClass()
    {
        int[] classes = [.. Enumerable.Repeat(0, 50), .. Enumerable.Repeat(1, 20), 2];
        var (train, validation) = HeadTrainer.StratifiedSplit(classes, 0.1, seed: 1);
        Assert.Equal(5, validation.Count(i => classes[i] == 0));
        Assert.Equal(2, validation.Count(i => classes[i] == 1));
        Assert.DoesNotContain(validation, i => classes[i] == 2);
        Assert.Equal(classes.Length, train.Length + validation.Length);
        Assert.Empty(train.Intersect(validation));
        Assert.Equal(validation, HeadTrainer.StratifiedSplit(classes, 0.1, seed: 1).Validation);
    }

    [Fact]
    public void BadArguments_AreRejected()
    {
        var train = SyntheticBlobs.Set(2, 10, 4, 2, seed: 13);
        Assert.Contains("HiddenWidths", Assert.Throws<ArgumentException>(() =>
            HeadTrainer.Train(train, new HeadOptions { HiddenWidths = [4] })).Message);
        Assert.Contains("Dropout", Assert.Throws<ArgumentException>(() =>
            HeadTrainer.Train(train, new HeadOptions(HeadKind.Mlp) { Dropout = 1f })).Message);
        var single = new TrainingSet([[1f, 2f]], ["only"]);
        Assert.Contains("two distinct labels", Assert.Throws<ArgumentException>(() =>
            HeadTrainer.Train(single, new HeadOptions())).Message);
        var head = HeadTrainer.Train(train, new HeadOptions { MaxEpochs = 2 }).Head;
        var wrongWidth = new TrainingSet([[1f, 2f]], ["class0"]);
        Assert.Contains("takes 4", Assert.Throws<ArgumentException>(() =>
            HeadTrainer.Train(wrongWidth, new HeadOptions(), warmStart: head)).Message);
        Assert.Contains("column 1", Assert.Throws<ArgumentException>(() =>
            new TrainingSet([[1f, float.NaN]], ["a"])).Message);
    }

    [Fact]
    public void Cancellation_StopsTraining()
    {
        var train = SyntheticBlobs.Set(2, 50, 4, 2, seed: 14);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => HeadTrainer.Train(train, new HeadOptions(), ct: cts.Token));
    }

    [Fact]
    public void Predictions_AgreeBetweenSingleAndBatchedPaths()
    {
        var train = SyntheticBlobs.Set(3, 40, 6, 2, seed: 15);
        var head = HeadTrainer.Train(train, SmallMlp with { MaxEpochs = 5 }).Head;
        var rows = Enumerable.Range(0, 10).Select(i => train.Row(i).ToArray()).ToArray();
        var batched = head.PredictProbabilities(rows);
        for (int i = 0; i < rows.Length; i++)
        {
            var single = head.PredictProbabilities(rows[i]);
            Assert.Equal(1f, single.Sum(), 1e-5f);
            for (int c = 0; c < single.Length; c++)
                Assert.Equal(single[c], batched[i][c], 1e-6f);
        }
    }

    /// <summary>Progress&lt;T&gt; posts to the thread pool; tests need the reports in order before Train returns.</summary>
    private sealed class SynchronousProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
