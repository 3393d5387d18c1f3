using LLMEmbed.Core.Data;
using LLMEmbed.Core.Evaluation;
using LLMEmbed.Core.Features;
using LLMEmbed.Core.Heads;
using LLMEmbed.Core.Sampling;
using LLMEmbed.Core.Scope;

namespace LLMEmbed.Core.Experiments;

/// <summary>
/// `eval --ood`: trains a head and its guard exactly as a tenant's training does (a seeded stratified holdout fits
/// the temperature and the scope threshold on a candidate trained without it, then the head is refit on every
/// row), then scores in-scope test rows against out-of-scope texts: another dataset's test texts (far) and/or the
/// test rows of a label left out of training (near).
/// </summary>
public sealed class ScopeEvaluation(FeatureExtractor extractor)
{
    public ScopeReport Run(Dataset dataset, FeatureRecipe recipe, HeadOptions head, GuardOptions guard, double holdoutFraction,
        IReadOnlyList<string>? farTexts, string? farName, string? heldOutLabel, IProgress<ExtractionProgress>? progress = null,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (heldOutLabel is not null && !dataset.Labels.Contains(heldOutLabel, StringComparer.Ordinal))
            throw new ArgumentException($"--hold-out-label '{heldOutLabel}' is not a label of {dataset.Name} ({string.Join(", ", dataset.Labels)}).");
        var train = dataset.Train.Where(r => r.Label != heldOutLabel).ToArray();
        var testIn = dataset.Test.Where(r => r.Label != heldOutLabel).ToArray();
        var testNear = heldOutLabel is null ? [] : dataset.Test.Where(r => r.Label == heldOutLabel).ToArray();

        var x = extractor.Extract(train.Select(r => r.Text).ToArray(), recipe, progress, ct);
        var xIn = extractor.Extract(testIn.Select(r => r.Text).ToArray(), recipe, progress, ct);
        var xNear = testNear.Length == 0 ? [] : extractor.Extract(testNear.Select(r => r.Text).ToArray(), recipe, progress, ct);
        var xFar = farTexts is null || farTexts.Count == 0 ? [] : extractor.Extract(farTexts, recipe, progress, ct);
        var y = train.Select(r => r.Label).ToArray();

        var labels = y.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var (fit, holdout) = StratifiedFolds.Holdout(y.Select(l => labels.BinarySearch(l, StringComparer.Ordinal)).ToArray(),
            holdoutFraction, new SeededRandom(unchecked((ulong)guard.Seed)));
        float[][] Rows(List<int> ix) => ix.Select(i => x[i]).ToArray();
        string[] Labels(List<int> ix) => ix.Select(i => y[i]).ToArray();
        var candidate = HeadTrainer.Train(new TrainingSet(Rows(fit), Labels(fit)), head, null, ct).Head;
        var fitted = HeadGuardFit.Fit(candidate, Rows(fit), Labels(fit), Rows(holdout), Labels(holdout), x, y, guard);
        var final = HeadTrainer.Train(new TrainingSet(x, y), head, null, ct).Head;

        var truth = testIn.Select(r => final.IndexOf(r.Label)).ToArray();
        var raw = final.PredictProbabilities(Flatten(xIn), xIn.Length);
        var calibrated = raw.ToArray();
        fitted.Calibrate(calibrated, final.ClassCount);
        var inScores = xIn.Select(r => fitted.ScopeScore(r)).ToArray();
        var inConfidence = MaxProbabilities(calibrated, final.ClassCount);
        var answered = inScores.Select(s => !fitted.OutOfScope(s)).ToArray();
        var predicted = Enumerable.Range(0, xIn.Length).Select(r => ArgMax(calibrated.AsSpan(r * final.ClassCount, final.ClassCount))).ToArray();

        ScopeSet? Set(string name, float[][] rows)
        {
            if (rows.Length == 0) return null;
            var scores = rows.Select(r => fitted.ScopeScore(r)).ToArray();
            var confidence = MaxProbabilities(fitted.Probabilities(final, Flatten(rows), rows.Length), final.ClassCount);
            return new ScopeSet(name, rows.Length, scores.Count(s => fitted.OutOfScope(s)) / (double)rows.Length,
                Auroc.Compute(inScores, scores), Auroc.Compute(inConfidence, confidence));
        }

        var answeredCount = answered.Count(a => a);
        return new ScopeReport(dataset.Name, recipe.Name, train.Length, testIn.Length, heldOutLabel,
            Accuracy: Enumerable.Range(0, truth.Length).Count(r => predicted[r] == truth[r]) / (double)truth.Length,
            AnsweredAccuracy: answeredCount == 0 ? double.NaN : Enumerable.Range(0, truth.Length).Count(r => answered[r] && predicted[r] == truth[r]) / (double)answeredCount,
            Coverage: answeredCount / (double)testIn.Length,
            Threshold: fitted.Threshold, TargetCoverage: guard.TargetCoverage, HoldoutCoverage: fitted.Coverage,
            ReferenceRows: fitted.Reference.Count, Neighbours: fitted.Reference.Neighbours, Temperature: fitted.Temperature,
            EceBefore: CalibrationError.Expected(raw, truth, final.ClassCount),
            EceAfter: CalibrationError.Expected(calibrated, truth, final.ClassCount),
            HoldoutEceBefore: fitted.EceBefore, HoldoutEceAfter: fitted.EceAfter,
            Far: Set(farName ?? "ood", xFar), Near: Set(heldOutLabel ?? "near", xNear));
    }

    private static float[] Flatten(float[][] rows) => rows.SelectMany(r => r).ToArray();

    private static double[] MaxProbabilities(float[] probabilities, int classes) =>
        Enumerable.Range(0, probabilities.Length / classes).Select(r => (double)probabilities.AsSpan(r * classes, classes).ToArray().Max()).ToArray();

    private static int ArgMax(ReadOnlySpan<float> row)
    {
        var best = 0;
        for (var i = 1; i < row.Length; i++) if (row[i] > row[best]) best = i;
        return best;
    }
}

/// <summary>One out-of-scope set: how many of it the stored threshold declined, and AUROC of in-scope vs it by scope score and by max probability.</summary>
public sealed record ScopeSet(string Name, int Rows, double Rejected, double Auroc, double AurocMaxProbability);

public sealed record ScopeReport(
    string Dataset, string Recipe, int Train, int TestInScope, string? HeldOutLabel,
    double Accuracy, double AnsweredAccuracy, double Coverage, double Threshold, double TargetCoverage, double HoldoutCoverage,
    int ReferenceRows, int Neighbours, double Temperature, double EceBefore, double EceAfter, double HoldoutEceBefore, double HoldoutEceAfter,
    ScopeSet? Far, ScopeSet? Near);
