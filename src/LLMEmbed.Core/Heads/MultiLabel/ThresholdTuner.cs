namespace LLMEmbed.Core.Heads.MultiLabel;

/// <summary>The decision threshold that maximises one label's F1 over held-out probabilities.</summary>
internal static class ThresholdTuner
{
    /// <summary>
    /// Sorts the rows by probability (descending) and scores every cut between two distinct probabilities:
    /// predicting the top m rows positive gives F1 = 2 TP(m) / (positives + m). The best cut (ties: the fewest
    /// predicted positives) returns the midpoint between the last row in and the first row out, so the threshold
    /// sits in the gap rather than on a training row. Null when there is no positive (F1 is 0 for every cut).
    /// </summary>
    public static double? BestF1Threshold(ReadOnlySpan<float> probabilities, ReadOnlySpan<byte> positive)
    {
        if (probabilities.Length != positive.Length)
            throw new ArgumentException("One positive flag per probability is required.", nameof(positive));
        int n = probabilities.Length, positives = 0;
        foreach (byte y in positive) positives += y;
        if (positives == 0 || n == 0) return null;

        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        float[] keys = probabilities.ToArray();
        // Descending probability; equal probabilities keep row order, so the result is a pure function of the input.
        Array.Sort(order, (a, b) => keys[b] != keys[a] ? keys[b].CompareTo(keys[a]) : a.CompareTo(b));

        int truePositives = 0, bestM = 0;
        double bestF1 = -1;
        for (int m = 1; m <= n; m++)
        {
            truePositives += positive[order[m - 1]];
            if (m < n && keys[order[m]] == keys[order[m - 1]]) continue; // no threshold separates tied rows
            double f1 = 2.0 * truePositives / (positives + m);
            if (f1 > bestF1)
            {
                bestF1 = f1;
                bestM = m;
            }
        }
        double lastIn = keys[order[bestM - 1]];
        return bestM == n ? lastIn : (lastIn + keys[order[bestM]]) / 2;
    }
}
