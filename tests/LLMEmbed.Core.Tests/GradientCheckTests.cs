using LLMEmbed.Core.Heads;

namespace LLMEmbed.Core.Tests;

/// <summary>
/// Compares the network's float32 back-propagated gradients with central finite differences of an
/// independent double-precision implementation of the same objective (mean softmax cross-entropy
/// plus (l2/2)*sum W^2), for every weight and bias of every layer. Dropout is off.
/// </summary>
public class GradientCheckTests
{
    private const float L2 = 0.01f;

    [Fact]
    public void LogReg_GradientsMatchFiniteDifferences() => Check([5, 3], seed: 1);

    [Fact]
    public void Mlp_GradientsMatchFiniteDifferences() => Check([5, 4, 3, 3], seed: 2);

    [Fact]
    public void DeeperMlp_GradientsMatchFiniteDifferences() => Check([7, 6, 5, 4, 2], seed: 3);

    [Fact]
    public void SoftmaxObjective_OfTheLbfgsSolver_MatchesFiniteDifferences()
    {
        const int n = 6;
        int[] widths = [5, 3];
        var rng = new Random(4);
        float[] weights = Enumerable.Range(0, 15).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        float[] biases = Enumerable.Range(0, 3).Select(_ => (float)(rng.NextDouble() * 0.5)).ToArray();
        float[] inputs = Enumerable.Range(0, n * 5).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        int[] labels = Enumerable.Range(0, n).Select(i => i % 3).ToArray();

        var objective = new SoftmaxObjective(inputs, labels, 5, 3, maxDegreeOfParallelism: 1) { L2 = L2 };
        double[] parameters = [.. weights.Select(v => (double)v), .. biases.Select(v => (double)v)];
        var gradient = new double[parameters.Length];
        double value = objective.Evaluate(parameters, gradient);

        double[][] w = [weights.Select(v => (double)v).ToArray()];
        double[][] b = [biases.Select(v => (double)v).ToArray()];
        double[] x = inputs.Select(v => (double)v).ToArray();
        Assert.Equal(Objective(widths, w, b, x, n, labels), value, 1e-5);
        int checkedCount = CompareAll(widths, w, b, x, n, labels, w[0], gradient[..15].Select(v => (float)v).ToArray(), "softmax weight")
            + CompareAll(widths, w, b, x, n, labels, b[0], gradient[15..].Select(v => (float)v).ToArray(), "softmax bias");
        Assert.Equal(18, checkedCount);
    }

    [Fact]
    public void Binary_logistic_objective_matches_finite_differences_of_an_independent_implementation()
    {
        const int n = 8, dim = 5;
        var rng = new Random(5);
        double[] parameters = Enumerable.Range(0, dim + 1).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        float[] inputs = Enumerable.Range(0, n * dim).Select(_ => (float)(rng.NextDouble() * 4 - 2)).ToArray();
        int[] labels = Enumerable.Range(0, n).Select(i => (i * 7 + 3) % 3 == 0 ? 1 : 0).ToArray();
        // The float32 kernels read the parameters as floats: the reference reads the same rounded values.
        parameters = parameters.Select(v => (double)(float)v).ToArray();

        var objective = new BinaryLogisticObjective(inputs, labels, dim, maxDegreeOfParallelism: 1) { L2 = L2 };
        var gradient = new double[parameters.Length];
        double value = objective.Evaluate(parameters, gradient);

        double[] x = inputs.Select(v => (double)v).ToArray();
        Assert.Equal(BinaryObjective(parameters, x, n, dim, labels), value, 1e-6);
        const double h = 1e-5;
        for (int i = 0; i < parameters.Length; i++)
        {
            double[] plus = (double[])parameters.Clone(), minus = (double[])parameters.Clone();
            plus[i] += h;
            minus[i] -= h;
            double numeric = (BinaryObjective(plus, x, n, dim, labels) - BinaryObjective(minus, x, n, dim, labels)) / (2 * h);
            Assert.True(Math.Abs(numeric - gradient[i]) <= 1e-5 + 1e-3 * Math.Abs(numeric),
                $"parameter {i}: numeric {numeric:G9}, analytic {gradient[i]:G9}");
        }
    }

    [Fact]
    public void Binary_objective_equals_softmax_on_rows_zero_and_w_with_the_same_penalty()
    {
        const int n = 6, dim = 4;
        var rng = new Random(6);
        float[] inputs = Enumerable.Range(0, n * dim).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        int[] labels = [0, 1, 1, 0, 1, 0];
        double[] binary = Enumerable.Range(0, dim + 1).Select(_ => (double)(float)(rng.NextDouble() * 2 - 1)).ToArray();
        // Softmax layout W [2, dim] then b [2]: row 0 and b0 zero, row 1 = w, b1 = b.
        double[] softmax = [.. new double[dim], .. binary[..dim], 0, binary[dim]];

        double b = new BinaryLogisticObjective(inputs, labels, dim, 1) { L2 = L2 }.Evaluate(binary, new double[binary.Length]);
        double s = new SoftmaxObjective(inputs, labels, dim, 2, 1) { L2 = L2 }.Evaluate(softmax, new double[softmax.Length]);

        Assert.Equal(s, b, 1e-6);
    }

    private static void Check(int[] widths, int seed)
    {
        const int n = 6;
        var rng = new Random(seed);
        int layers = widths.Length - 1;
        var weights = new float[layers][];
        var biases = new float[layers][];
        for (int l = 0; l < layers; l++)
        {
            weights[l] = Enumerable.Range(0, widths[l] * widths[l + 1]).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
            biases[l] = Enumerable.Range(0, widths[l + 1]).Select(_ => (float)(rng.NextDouble() * 0.5)).ToArray();
        }
        float[] inputs = Enumerable.Range(0, n * widths[0]).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        int[] labels = Enumerable.Range(0, n).Select(i => i % widths[^1]).ToArray();

        var network = new HeadNetwork(widths, weights.Select(w => (float[])w.Clone()).ToArray(), biases.Select(b => (float[])b.Clone()).ToArray());
        inputs.CopyTo(network.Input(n), 0);
        network.Forward(n, dropout: 0f, dropoutKey: 0, maxDegreeOfParallelism: 1);
        double lossSum = network.CrossEntropy(n, labels, computeDelta: true);
        network.Backward(n, L2, maxDegreeOfParallelism: 1);

        double[][] w = weights.Select(a => a.Select(v => (double)v).ToArray()).ToArray();
        double[][] b = biases.Select(a => a.Select(v => (double)v).ToArray()).ToArray();
        double[] x = inputs.Select(v => (double)v).ToArray();
        double reference = Objective(widths, w, b, x, n, labels);
        Assert.Equal(reference, lossSum / n + network.L2Penalty(L2), 1e-5);

        int checkedCount = 0;
        for (int l = 0; l < layers; l++)
        {
            checkedCount += CompareAll(widths, w, b, x, n, labels, w[l], network.WeightGrads[l], $"layer {l} weight");
            checkedCount += CompareAll(widths, w, b, x, n, labels, b[l], network.BiasGrads[l], $"layer {l} bias");
        }
        Assert.Equal(Enumerable.Range(0, layers).Sum(l => widths[l] * widths[l + 1] + widths[l + 1]), checkedCount);
    }

    private static int CompareAll(int[] widths, double[][] w, double[][] b, double[] x, int n, int[] labels,
        double[] parameters, float[] analytic, string what)
    {
        const double h = 1e-5;
        for (int i = 0; i < parameters.Length; i++)
        {
            double saved = parameters[i];
            parameters[i] = saved + h;
            double plus = Objective(widths, w, b, x, n, labels);
            parameters[i] = saved - h;
            double minus = Objective(widths, w, b, x, n, labels);
            parameters[i] = saved;
            double numeric = (plus - minus) / (2 * h);
            double tolerance = 1e-5 + 1e-3 * Math.Abs(numeric);
            Assert.True(Math.Abs(numeric - analytic[i]) <= tolerance,
                $"{what} {i}: numeric {numeric:G9}, back-propagated {analytic[i]:G9}");
        }
        return parameters.Length;
    }

    /// <summary>Mean cross-entropy + (l2/2)*sum W^2 in double precision, written independently of the network.</summary>
    private static double Objective(int[] widths, double[][] w, double[][] b, double[] x, int n, int[] labels)
    {
        int layers = widths.Length - 1;
        double loss = 0;
        for (int r = 0; r < n; r++)
        {
            double[] a = x.Skip(r * widths[0]).Take(widths[0]).ToArray();
            for (int l = 0; l < layers; l++)
            {
                var next = new double[widths[l + 1]];
                for (int o = 0; o < next.Length; o++)
                {
                    double s = b[l][o];
                    for (int i = 0; i < a.Length; i++)
                        s += w[l][o * widths[l] + i] * a[i];
                    next[o] = l < layers - 1 ? Math.Max(0, s) : s;
                }
                a = next;
            }
            double max = a.Max();
            double logZ = max + Math.Log(a.Sum(v => Math.Exp(v - max)));
            loss += logZ - a[labels[r]];
        }
        double penalty = w.Sum(layer => layer.Sum(v => v * v));
        return loss / n + 0.5 * L2 * penalty;
    }

    /// <summary>Mean log(1 + exp(-s z)) + (l2/2)*||w||^2 in double precision, s = +1 for class 1 and -1 for class 0.</summary>
    private static double BinaryObjective(double[] parameters, double[] x, int n, int dim, int[] labels)
    {
        double loss = 0;
        for (int r = 0; r < n; r++)
        {
            double z = parameters[dim];
            for (int i = 0; i < dim; i++)
                z += parameters[i] * x[r * dim + i];
            double margin = labels[r] == 1 ? z : -z;
            loss += Math.Log(1 + Math.Exp(-margin));
        }
        double penalty = parameters[..dim].Sum(v => v * v);
        return loss / n + 0.5 * L2 * penalty;
    }
}
