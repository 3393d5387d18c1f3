namespace LLMEmbed.Core.Calibration;

/// <summary>
/// Temperature scaling (Guo et al. 2017): one scalar T dividing the logits, fitted by minimising the negative
/// log-likelihood on held-out rows. Works from probabilities, since log p differs from the logits by a constant
/// per row: softmax(log p / T) = softmax(z / T). T > 1 softens an over-confident head; the ranking never changes.
/// The targets are smoothed by 1/(n+2) of n counted rows (Laplace's rule of succession): a small holdout answered
/// all right says accuracy is about (n+1)/(n+2), not 1, and without it the fit would sharpen without bound.
/// </summary>
public static class TemperatureScaling
{
    private const double MinLogT = -3, MaxLogT = 3; // T in [0.05, 20]
    private const float Floor = 1e-12f;

    /// <summary>
    /// The T minimising NLL of <paramref name="truth"/> (class index per row, -1 = not a head class: skipped) under
    /// row-major <paramref name="probabilities"/> [rows, classes]; 1 when no row counts.
    /// </summary>
    public static double Fit(ReadOnlySpan<float> probabilities, ReadOnlySpan<int> truth, int classes)
    {
        if (probabilities.Length != truth.Length * classes)
            throw new ArgumentException($"{probabilities.Length} probabilities for {truth.Length} rows of {classes} classes.", nameof(probabilities));
        if (truth.IndexOfAnyInRange(0, classes - 1) < 0) return 1;
        var logs = new double[probabilities.Length];
        for (var i = 0; i < logs.Length; i++) logs[i] = Math.Log(Math.Max(probabilities[i], Floor));
        var rows = truth.ToArray();
        var counted = rows.Count(t => t >= 0 && t < classes);
        var smoothing = 1.0 / (counted + 2);
        // NLL is unimodal in log T for these models in practice; golden-section search on a bounded interval.
        double a = MinLogT, b = MaxLogT;
        var phi = (Math.Sqrt(5) - 1) / 2;
        double c = b - phi * (b - a), d = a + phi * (b - a);
        double fc = Nll(logs, rows, classes, Math.Exp(c), smoothing), fd = Nll(logs, rows, classes, Math.Exp(d), smoothing);
        for (var step = 0; step < 60; step++)
        {
            if (fc < fd) { b = d; d = c; fd = fc; c = b - phi * (b - a); fc = Nll(logs, rows, classes, Math.Exp(c), smoothing); }
            else { a = c; c = d; fc = fd; d = a + phi * (b - a); fd = Nll(logs, rows, classes, Math.Exp(d), smoothing); }
        }
        return Math.Exp((a + b) / 2);
    }

    /// <summary>Rescales one row's probabilities in place: softmax(log p / T).</summary>
    public static void Apply(Span<float> probabilities, double temperature)
    {
        if (temperature == 1 || probabilities.IsEmpty) return;
        var inverse = 1 / temperature;
        var max = double.NegativeInfinity;
        Span<double> scaled = probabilities.Length <= 256 ? stackalloc double[probabilities.Length] : new double[probabilities.Length];
        for (var i = 0; i < probabilities.Length; i++) max = Math.Max(max, scaled[i] = Math.Log(Math.Max(probabilities[i], Floor)) * inverse);
        double sum = 0;
        for (var i = 0; i < scaled.Length; i++) sum += scaled[i] = Math.Exp(scaled[i] - max);
        for (var i = 0; i < scaled.Length; i++) probabilities[i] = (float)(scaled[i] / sum);
    }

    /// <summary>Rescales row-major [rows, classes] probabilities in place.</summary>
    public static void ApplyRows(Span<float> probabilities, int classes, double temperature)
    {
        for (var start = 0; start + classes <= probabilities.Length; start += classes) Apply(probabilities.Slice(start, classes), temperature);
    }

    /// <summary>Cross-entropy against targets (1 - s) on the true class plus s spread evenly over all classes.</summary>
    private static double Nll(double[] logs, int[] truth, int classes, double temperature, double smoothing)
    {
        double total = 0;
        var counted = 0;
        for (var r = 0; r < truth.Length; r++)
        {
            if (truth[r] < 0 || truth[r] >= classes) continue;
            var row = logs.AsSpan(r * classes, classes);
            var max = double.NegativeInfinity;
            foreach (var v in row) max = Math.Max(max, v / temperature);
            double sum = 0;
            foreach (var v in row) sum += Math.Exp(v / temperature - max);
            var logSum = max + Math.Log(sum);
            double spread = 0;
            foreach (var v in row) spread += logSum - v / temperature;
            total += (1 - smoothing) * (logSum - row[truth[r]] / temperature) + smoothing * spread / classes;
            counted++;
        }
        return total / counted;
    }
}
