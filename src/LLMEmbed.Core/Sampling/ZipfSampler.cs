namespace LLMEmbed.Core.Sampling;

/// <summary>
/// Ranks 0..n-1 drawn with P(rank k) proportional to 1 / (k + 1)^s: the long tail of a SaaS population, where a few
/// tenants send most calls. An inverse-CDF table (n doubles), so a draw is one binary search; thread-safe once built.
/// </summary>
public sealed class ZipfSampler
{
    private readonly double[] _cdf;

    public ZipfSampler(int n, double s)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(s);
        _cdf = new double[n];
        var sum = 0.0;
        for (var k = 0; k < n; k++) _cdf[k] = sum += Math.Pow(k + 1, -s);
        for (var k = 0; k < n; k++) _cdf[k] /= sum;
        _cdf[n - 1] = 1.0;
    }

    public int Count => _cdf.Length;

    /// <summary>The probability of rank <paramref name="k"/>.</summary>
    public double Probability(int k) => k == 0 ? _cdf[0] : _cdf[k] - _cdf[k - 1];

    /// <summary>The rank for a uniform draw <paramref name="u"/> in [0, 1).</summary>
    public int Rank(double u)
    {
        var index = Array.BinarySearch(_cdf, u);
        // Not found: the complement is the first entry above u, whose rank covers it.
        return Math.Min(index >= 0 ? index + 1 : ~index, _cdf.Length - 1);
    }

    public int Next(SeededRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return Rank(random.NextDouble());
    }
}
