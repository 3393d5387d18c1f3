namespace LLMEmbed.Core.Heads;

/// <summary>Stopping rules of <see cref="Lbfgs"/>.</summary>
/// <param name="GradientTolerance">Converged when the largest absolute gradient component falls to this.</param>
/// <param name="RelativeDecrease">Converged when an iteration lowers the objective by less than this share of it.</param>
internal sealed record LbfgsOptions(int MaxIterations = 500, int Memory = 10, double GradientTolerance = 1e-5, double RelativeDecrease = 1e-10);

/// <summary>How a minimisation ended.</summary>
internal readonly record struct LbfgsResult(double Value, double GradientMaxAbs, int Iterations, int Evaluations, bool Converged);

/// <summary>
/// Limited-memory BFGS (two-loop recursion, Armijo backtracking from the unit quasi-Newton step) for smooth
/// convex objectives, as scikit-learn's default logistic-regression solver. Deterministic: the objective is the
/// only source of arithmetic, and the update order is fixed.
/// </summary>
internal static class Lbfgs
{
    /// <summary>Writes the gradient at <c>x</c> into the second argument and returns the objective.</summary>
    public delegate double Objective(double[] x, double[] gradient);

    private const double Armijo = 1e-4;
    private const int MaxBacktracks = 40;

    /// <summary>Minimises from <paramref name="x"/>, which holds the minimiser on return.</summary>
    public static LbfgsResult Minimize(Objective objective, double[] x, LbfgsOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(options);
        int n = x.Length, m = options.Memory;
        var g = new double[n];
        var direction = new double[n];
        var candidate = new double[n];
        var candidateGradient = new double[n];
        var sNew = new double[n];
        var yNew = new double[n];
        var s = new double[m][];
        var y = new double[m][];
        var rho = new double[m];
        var alpha = new double[m];
        int stored = 0, newest = -1, evaluations = 1;

        double f = objective(x, g);
        if (!double.IsFinite(f))
            throw new InvalidOperationException($"The objective is {f} at the starting point.");
        for (int iteration = 0; iteration < options.MaxIterations; iteration++)
        {
            ct.ThrowIfCancellationRequested();
            double gMax = MaxAbs(g);
            if (gMax <= options.GradientTolerance)
                return new LbfgsResult(f, gMax, iteration, evaluations, true);

            // Two-loop recursion: direction = -H g, H0 = (s'y / y'y) I from the newest pair.
            Array.Copy(g, direction, n);
            for (int k = 0; k < stored; k++)
            {
                int i = (newest - k + m) % m;
                alpha[i] = rho[i] * Dot(s[i], direction);
                Axpy(-alpha[i], y[i], direction);
            }
            double gamma = stored > 0 ? Dot(s[newest], y[newest]) / Dot(y[newest], y[newest]) : 1.0 / Math.Max(1.0, Norm1(g));
            Scale(direction, gamma);
            for (int k = stored - 1; k >= 0; k--)
            {
                int i = (newest - k + m) % m;
                double beta = rho[i] * Dot(y[i], direction);
                Axpy(alpha[i] - beta, s[i], direction);
            }
            Scale(direction, -1);
            double slope = Dot(g, direction);
            if (slope >= 0)
            {
                // Lost descent (round-off in the pairs): restart from steepest descent.
                stored = 0;
                for (int j = 0; j < n; j++) direction[j] = -g[j] / Math.Max(1.0, Norm1(g));
                slope = Dot(g, direction);
            }

            double step = 1, fNew = double.NaN;
            bool accepted = false;
            for (int b = 0; b < MaxBacktracks; b++)
            {
                for (int j = 0; j < n; j++) candidate[j] = x[j] + step * direction[j];
                fNew = objective(candidate, candidateGradient);
                evaluations++;
                if (double.IsFinite(fNew) && fNew <= f + Armijo * step * slope)
                {
                    accepted = true;
                    break;
                }
                step *= 0.5;
            }
            if (!accepted)
                // No decrease representable along a descent direction: the optimum is reached to working precision.
                return new LbfgsResult(f, gMax, iteration, evaluations, true);

            // The pair enters the memory only with positive curvature, else it would break the inverse-Hessian model.
            for (int j = 0; j < n; j++)
            {
                sNew[j] = candidate[j] - x[j];
                yNew[j] = candidateGradient[j] - g[j];
            }
            double sy = Dot(sNew, yNew);
            if (sy > 1e-12 * Dot(yNew, yNew))
            {
                newest = (newest + 1) % m;
                s[newest] ??= new double[n];
                y[newest] ??= new double[n];
                Array.Copy(sNew, s[newest], n);
                Array.Copy(yNew, y[newest], n);
                rho[newest] = 1 / sy;
                stored = Math.Min(stored + 1, m);
            }

            double decrease = f - fNew;
            Array.Copy(candidate, x, n);
            Array.Copy(candidateGradient, g, n);
            f = fNew;
            if (decrease <= options.RelativeDecrease * Math.Max(1.0, Math.Abs(f)))
                return new LbfgsResult(f, MaxAbs(g), iteration + 1, evaluations, true);
        }
        return new LbfgsResult(f, MaxAbs(g), options.MaxIterations, evaluations, MaxAbs(g) <= options.GradientTolerance);
    }

    private static double Dot(double[] a, double[] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

    private static void Axpy(double a, double[] x, double[] y)
    {
        for (int i = 0; i < x.Length; i++) y[i] += a * x[i];
    }

    private static void Scale(double[] x, double a)
    {
        for (int i = 0; i < x.Length; i++) x[i] *= a;
    }

    private static double MaxAbs(double[] x)
    {
        double max = 0;
        foreach (double v in x) max = Math.Max(max, Math.Abs(v));
        return max;
    }

    private static double Norm1(double[] x)
    {
        double sum = 0;
        foreach (double v in x) sum += Math.Abs(v);
        return sum;
    }
}
