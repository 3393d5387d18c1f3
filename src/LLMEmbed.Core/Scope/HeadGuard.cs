using LLMEmbed.Core.Calibration;
using LLMEmbed.Core.Heads;

namespace LLMEmbed.Core.Scope;

/// <summary>
/// What stands between a head and its answers: the temperature that calibrates its probabilities, and the
/// reference rows and threshold below which a text is out of scope (answer "none"). Fitted with the head, on rows
/// it was not trained on (see <see cref="HeadGuardFit"/>). Immutable and thread-safe.
/// </summary>
public sealed record HeadGuard(
    double Temperature,
    double EceBefore,
    double EceAfter,
    int CalibrationRows,
    ReferenceRows Reference,
    double Threshold,
    double TargetCoverage,
    double Coverage)
{
    /// <summary>Calibrates row-major [rows, classes] probabilities in place.</summary>
    public void Calibrate(Span<float> probabilities, int classes) => TemperatureScaling.ApplyRows(probabilities, classes, Temperature);

    /// <summary>The scope score of one feature vector (mean cosine to the nearest reference rows).</summary>
    public double ScopeScore(ReadOnlySpan<float> features) => Reference.Score(features);

    /// <summary>Out of scope under <paramref name="threshold"/> (the tenant's override) or this guard's own.</summary>
    public bool OutOfScope(double scopeScore, double? threshold = null) => scopeScore < (threshold ?? Threshold);

    /// <summary>Calibrated probabilities of many rows (row-major) from a head.</summary>
    public float[] Probabilities(Head head, ReadOnlySpan<float> rowMajor, int rows)
    {
        ArgumentNullException.ThrowIfNull(head);
        var probabilities = head.PredictProbabilities(rowMajor, rows);
        Calibrate(probabilities, head.ClassCount);
        return probabilities;
    }
}
