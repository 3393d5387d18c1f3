namespace LLMEmbed.Core.Heads.MultiLabel;

/// <summary>Fits a <see cref="Standardizer"/> over a row-major matrix and applies it into a new one.</summary>
internal static class MatrixStandardizer
{
    /// <summary>Mean and population std per column, accumulated in double in row order (thread-count independent).</summary>
    public static Standardizer Fit(float[] x, int rows, int dim, int maxDegreeOfParallelism)
    {
        var mean = new float[dim];
        var std = new float[dim];
        Parallel.For(0, dim, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism }, c =>
        {
            double sum = 0;
            for (int r = 0; r < rows; r++) sum += x[(long)r * dim + c];
            double m = sum / rows, squares = 0;
            for (int r = 0; r < rows; r++)
            {
                double d = x[(long)r * dim + c] - m;
                squares += d * d;
            }
            double sd = Math.Sqrt(squares / rows);
            mean[c] = (float)m;
            std[c] = sd > 1e-6 ? (float)sd : 1f; // constant features map to 0, as Standardizer.Fit does
        });
        return new Standardizer(mean, std);
    }

    public static float[] Apply(Standardizer standardizer, float[] x, int rows, int dim)
    {
        var z = new float[x.Length];
        for (int r = 0; r < rows; r++)
            standardizer.Apply(x.AsSpan(r * dim, dim), z.AsSpan(r * dim, dim));
        return z;
    }

    /// <summary>The given rows of a row-major matrix, copied into a new one (a fold's subset, made once per fold).</summary>
    public static float[] Gather(float[] x, int dim, int[] rows)
    {
        var subset = new float[(long)rows.Length * dim];
        for (int i = 0; i < rows.Length; i++)
            x.AsSpan(rows[i] * dim, dim).CopyTo(subset.AsSpan(i * dim, dim));
        return subset;
    }
}
