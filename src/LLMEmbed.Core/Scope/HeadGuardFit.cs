using LLMEmbed.Core.Calibration;
using LLMEmbed.Core.Evaluation;
using LLMEmbed.Core.Heads;

namespace LLMEmbed.Core.Scope;

/// <summary>
/// Fits a <see cref="HeadGuard"/> the way a head is trained: a candidate head trained without the holdout rows
/// gives the holdout probabilities the temperature is fitted on (and the ECE before/after), and reference rows
/// drawn from the same training rows give the holdout scope scores whose lower quantile is the threshold. The
/// guard shipped keeps reference rows drawn from every row: more rows only raise in-scope scores, so the coverage
/// measured on the holdout is a floor.
/// </summary>
public static class HeadGuardFit
{
    public static HeadGuard Fit(Head candidate, IReadOnlyList<float[]> trainRows, IReadOnlyList<string> trainLabels,
        IReadOnlyList<float[]> holdoutRows, IReadOnlyList<string> holdoutLabels,
        IReadOnlyList<float[]> allRows, IReadOnlyList<string> allLabels, GuardOptions options)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(holdoutRows);
        ArgumentNullException.ThrowIfNull(holdoutLabels);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var final = ReferenceRows.Select(allRows, allLabels, options.ReferenceRows, options.Neighbours, options.Seed, options.Centred);

        double temperature = 1, eceBefore = double.NaN, eceAfter = double.NaN;
        var enough = holdoutRows.Count >= options.MinHoldoutRows && trainRows.Count > 0;
        if (holdoutRows.Count > 0)
        {
            var truth = holdoutLabels.Select(candidate.IndexOf).ToArray();
            var probabilities = candidate.PredictProbabilities(Flatten(holdoutRows, candidate.InputDim), holdoutRows.Count);
            eceBefore = CalibrationError.Expected(probabilities, truth, candidate.ClassCount);
            if (enough) temperature = TemperatureScaling.Fit(probabilities, truth, candidate.ClassCount);
            TemperatureScaling.ApplyRows(probabilities, candidate.ClassCount, temperature);
            eceAfter = CalibrationError.Expected(probabilities, truth, candidate.ClassCount);
        }

        double[] scores;
        if (enough)
        {
            var reference = ReferenceRows.Select(trainRows, trainLabels, options.ReferenceRows, options.Neighbours, options.Seed, options.Centred);
            scores = holdoutRows.Select(r => reference.Score(r)).ToArray();
        }
        else scores = final.LeaveOneOutScores();
        var threshold = ScopeThreshold.ForCoverage(scores, options.TargetCoverage);
        return new HeadGuard(temperature, eceBefore, eceAfter, enough ? holdoutRows.Count : 0, final, threshold,
            options.TargetCoverage, ScopeThreshold.Coverage(scores, threshold));
    }

    private static float[] Flatten(IReadOnlyList<float[]> rows, int width)
    {
        var flat = new float[rows.Count * width];
        for (var r = 0; r < rows.Count; r++) rows[r].CopyTo(flat, r * width);
        return flat;
    }
}
