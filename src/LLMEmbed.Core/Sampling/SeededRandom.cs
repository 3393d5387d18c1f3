namespace LLMEmbed.Core.Sampling;

/// <summary>
/// The library's one seeded generator (SplitMix64), for dataset splits and subsamples, projections, CV folds
/// and head training. Used instead of <see cref="Random"/> because its sequence is fixed by this code, not by
/// the runtime version, so splits, projections and trained heads reproduce on any build. Not thread-safe:
/// derive one instance per stream with <see cref="Mix"/>.
/// </summary>
public sealed class SeededRandom(ulong seed)
{
    private ulong _state = seed;
    private double _spareGaussian = double.NaN;

    /// <summary>Combines several keys into one well-mixed seed (for per-row / per-step streams).</summary>
    public static ulong Mix(ulong a, ulong b, ulong c = 0, ulong d = 0)
    {
        ulong x = a;
        ulong h = Step(ref x);
        x = h ^ b;
        h = Step(ref x);
        x = h ^ c;
        h = Step(ref x);
        x = h ^ d;
        return Step(ref x);
    }

    public ulong NextUInt64() => Step(ref _state);

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, maxExclusive), by rejection so there is no modulo bias.</summary>
    public int NextInt(int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxExclusive);
        var bound = (ulong)maxExclusive;
        var limit = ulong.MaxValue - ulong.MaxValue % bound;
        ulong x;
        do x = NextUInt64(); while (x >= limit);
        return (int)(x % bound);
    }

    /// <summary>Standard normal sample (Box-Muller, both values used).</summary>
    public double NextGaussian()
    {
        if (!double.IsNaN(_spareGaussian))
        {
            double spare = _spareGaussian;
            _spareGaussian = double.NaN;
            return spare;
        }

        double u1 = 1.0 - NextDouble(); // (0, 1], safe for Log
        double u2 = NextDouble();
        double radius = Math.Sqrt(-2.0 * Math.Log(u1));
        double angle = 2.0 * Math.PI * u2;
        _spareGaussian = radius * Math.Sin(angle);
        return radius * Math.Cos(angle);
    }

    /// <summary>Fisher-Yates shuffle in place.</summary>
    public void Shuffle<T>(Span<T> items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary>Fisher-Yates shuffle in place (the same sequence of swaps as the span overload).</summary>
    public void Shuffle<T>(IList<T> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        for (int i = items.Count - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    private static ulong Step(ref ulong state)
    {
        ulong z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
