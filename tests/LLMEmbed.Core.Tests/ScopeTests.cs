using LLMEmbed.Core.Calibration;
using LLMEmbed.Core.Evaluation;
using LLMEmbed.Core.Heads;
using LLMEmbed.Core.Scope;

namespace LLMEmbed.Core.Tests;

public class ScopeTests
{
    [Fact]
    public void A_kept_row_scores_one_and_an_orthogonal_vector_zero()
    {
        var rows = ReferenceRows.Select([[1f, 0, 0], [0.9f, 0.1f, 0]], ["a", "a"], cap: 10, neighbours: 1, seed: 1);
        Assert.Equal(1, rows.Score([2f, 0, 0]), 3);
        Assert.Equal(0, rows.Score([0f, 0, 5]), 3);
        Assert.Equal(-1, rows.Score([0f, 0, 0])); // no direction: never in scope
    }

    [Fact]
    public void The_score_averages_the_k_nearest_rows()
    {
        var rows = ReferenceRows.Select([[1f, 0], [0f, 1], [-1f, 0]], ["a", "b", "c"], cap: 10, neighbours: 2, seed: 1);
        // Cosines to (1,0): 1, 0, -1; the two nearest average 0.5.
        Assert.Equal(0.5, rows.Score([1f, 0]), 3);
    }

    [Fact]
    public void Selection_is_capped_and_keeps_a_small_label_its_share()
    {
        var rng = new Random(3);
        // 64-wide Gaussian rows: two distinct rows are far from collinear, so only a kept row scores ~1 with k = 1.
        var rows = Enumerable.Range(0, 1000).Select(_ => Enumerable.Range(0, 64).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray()).ToArray();
        var labels = Enumerable.Range(0, 1000).Select(i => i < 10 ? "rare" : "common").ToArray();
        var kept = ReferenceRows.Select(rows, labels, cap: 100, neighbours: 1, seed: 7);
        Assert.Equal(100, kept.Count);
        // The rare label's 10 rows are all kept (its share is 50): a small label stays in scope.
        Assert.All(rows.Take(10), r => Assert.True(kept.Score(r) > 0.999));
        Assert.Equal(90, rows.Skip(10).Count(r => kept.Score(r) > 0.999));
    }

    [Fact]
    public void Leave_one_out_never_scores_a_row_against_itself()
    {
        var rows = ReferenceRows.Select([[1f, 0], [0f, 1]], ["a", "b"], cap: 10, neighbours: 1, seed: 1);
        Assert.All(rows.LeaveOneOutScores(), s => Assert.Equal(0, s, 3));
    }

    [Fact]
    public void Reference_rows_round_trip_and_a_flipped_byte_is_refused()
    {
        var rng = new Random(5);
        var source = Enumerable.Range(0, 40).Select(_ => Enumerable.Range(0, 16).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray()).ToArray();
        var rows = ReferenceRows.Select(source, source.Select((_, i) => $"l{i % 3}").ToArray(), cap: 32, neighbours: 3, seed: 2);
        var bytes = ReferenceRowsSerializer.ToBytes(rows);
        var back = ReferenceRowsSerializer.FromBytes(bytes);
        Assert.Equal((rows.Count, rows.Dimension, rows.Neighbours), (back.Count, back.Dimension, back.Neighbours));
        Assert.Equal(rows.Score(source[0]), back.Score(source[0]), 6);
        bytes[30] ^= 0x40;
        Assert.Throws<InvalidDataException>(() => ReferenceRowsSerializer.FromBytes(bytes));
    }

    [Fact]
    public void Centred_rows_round_trip_with_their_centre_and_score_what_the_common_direction_hid()
    {
        // Every row shares a large offset: raw cosines are all ~1, centred ones tell the two groups apart.
        float[][] rows = [[100f, 1, 0], [100f, 0.9f, 0.1f], [100f, 0, 1], [100f, 0.1f, 0.9f]];
        var raw = ReferenceRows.Select(rows, ["a", "a", "b", "b"], 10, 1, 1);
        var centred = ReferenceRows.Select(rows, ["a", "a", "b", "b"], 10, 1, 1, centred: true);
        float[] probe = [100f, -1, -1]; // unlike both groups once the offset is gone
        Assert.True(raw.Score(probe) > 0.99);
        Assert.True(centred.Score(probe) < 0.5, $"centred score {centred.Score(probe)}");
        var back = ReferenceRowsSerializer.FromBytes(ReferenceRowsSerializer.ToBytes(centred));
        Assert.Equal(centred.Centre, back.Centre);
        Assert.Equal(centred.Score(probe), back.Score(probe), 6);
        Assert.Null(ReferenceRowsSerializer.FromBytes(ReferenceRowsSerializer.ToBytes(raw)).Centre);
    }

    [Fact]
    public void The_threshold_answers_the_target_share()
    {
        var scores = Enumerable.Range(0, 100).Select(i => i / 100.0).ToArray();
        var threshold = ScopeThreshold.ForCoverage(scores, 0.95);
        Assert.Equal(0.05, threshold, 6);
        Assert.Equal(0.95, ScopeThreshold.Coverage(scores, threshold), 6);
        Assert.Equal(-1, ScopeThreshold.ForCoverage([], 0.95));
    }

    [Fact]
    public void Auroc_is_one_when_separated_zero_when_reversed_and_half_on_ties()
    {
        Assert.Equal(1, Auroc.Compute([0.9, 0.8], [0.1, 0.2]));
        Assert.Equal(0, Auroc.Compute([0.1], [0.9]));
        Assert.Equal(0.5, Auroc.Compute([0.5, 0.5], [0.5]));
        Assert.True(double.IsNaN(Auroc.Compute([], [1.0])));
    }

    [Fact]
    public void Temperature_softens_an_overconfident_model_and_lowers_its_ece()
    {
        // Says 0.99 for its top class but is right 70% of the time.
        var rng = new Random(11);
        const int rows = 2000, classes = 3;
        var probabilities = new float[rows * classes];
        var truth = new int[rows];
        for (var r = 0; r < rows; r++)
        {
            var top = rng.Next(classes);
            for (var c = 0; c < classes; c++) probabilities[r * classes + c] = c == top ? 0.99f : 0.005f;
            truth[r] = rng.NextDouble() < 0.7 ? top : (top + 1 + rng.Next(classes - 1)) % classes;
        }
        var before = CalibrationError.Expected(probabilities, truth, classes);
        var t = TemperatureScaling.Fit(probabilities, truth, classes);
        var calibrated = probabilities.ToArray();
        TemperatureScaling.ApplyRows(calibrated, classes, t);
        var after = CalibrationError.Expected(calibrated, truth, classes);
        Assert.True(t > 1.5, $"T = {t}");
        Assert.True(before > 0.25 && after < 0.03, $"ECE {before} -> {after}");
        for (var r = 0; r < rows; r++) // ranking is unchanged
            Assert.Equal(Array.IndexOf(probabilities, probabilities.Skip(r * classes).Take(classes).Max(), r * classes),
                Array.IndexOf(calibrated, calibrated.Skip(r * classes).Take(classes).Max(), r * classes));
    }

    [Fact]
    public void A_guard_declines_a_far_cluster_and_answers_its_target_share_of_the_holdout()
    {
        var (rows, labels) = SyntheticBlobs.Generate(3, 200, 12, 3, seed: 21);
        var (holdout, holdoutLabels) = SyntheticBlobs.Generate(3, 60, 12, 3, seed: 22);
        var head = HeadTrainer.Train(new TrainingSet(rows, labels), new HeadOptions(HeadKind.LogReg)).Head;
        var guard = HeadGuardFit.Fit(head, rows, labels, holdout, holdoutLabels,
            [.. rows, .. holdout], [.. labels, .. holdoutLabels], new GuardOptions { TargetCoverage = 0.9, ReferenceRows = 128 });
        Assert.InRange(guard.Coverage, 0.9, 0.95);
        Assert.Equal(128, guard.Reference.Count);
        var rng = new Random(23);
        var far = Enumerable.Range(0, 50).Select(_ => Enumerable.Range(0, 12).Select(_ => (float)(rng.NextDouble() * 2 - 1)).Select((v, i) => i == 0 ? v - 40 : v).ToArray());
        Assert.All(far, f => Assert.True(guard.OutOfScope(guard.ScopeScore(f)), "a far row was in scope"));
        Assert.True(guard.EceAfter <= guard.EceBefore + 0.02, $"ECE {guard.EceBefore} -> {guard.EceAfter}");
    }
}

public class TemperatureScalingSmallHoldoutTests
{
    [Fact]
    public void A_small_holdout_answered_all_right_does_not_sharpen_without_bound()
    {
        // 20 rows, all right at confidence 0.8: unsmoothed NLL would drive T to its lower bound.
        var probabilities = Enumerable.Range(0, 20).SelectMany(_ => new[] { 0.8f, 0.2f }).ToArray();
        var truth = new int[20];
        var t = TemperatureScaling.Fit(probabilities, truth, 2);
        Assert.InRange(t, 0.2, 1.0);
        var row = new[] { 0.8f, 0.2f };
        TemperatureScaling.Apply(row, t);
        // Confidence moves towards (n+1)/(n+2) = 0.955, not to 1.
        Assert.InRange(row[0], 0.9, 0.99);
    }
}
