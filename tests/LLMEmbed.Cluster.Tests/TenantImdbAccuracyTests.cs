using LLMEmbed.Bench;
using LLMEmbed.Core.Data;
using Xunit.Abstractions;

namespace LLMEmbed.Cluster.Tests;

/// <summary>
/// Issue #11's accuracy bar in CI: a tenant created with every default (recipe, head, mode) on the
/// embedded default host imports real IMDB reviews through the gateway's ImportExamples stream,
/// trains, and classifies held-out reviews through Classify, by the bench's
/// <see cref="TenantAccuracyBenchmark"/> (the README's 4k/2k figure is the same scenario,
/// `--only tenant-imdb`). The rows come from the eval's split (seed 42): its first 400 train and 200
/// test reviews of at most 1,000 characters, half of each label.
/// Measured 2026-12-02 (2-core AMD EPYC, load average 18-30 from other builds): accuracy 0.825
/// (165/200), holdout 0.925 of 80; import 369 s, train 33 s, classify 155 s (11 overload retries);
/// again at load 8-15: the same 0.825 and 0.925, the whole test in 4.0 minutes.
/// The bar, 0.75, sits 7.5 points under that (about 2.8 standard errors at n=200).
/// </summary>
[Trait("Category", "Data")]
public sealed class TenantImdbAccuracyTests(ITestOutputHelper output)
{
    private const int TrainRows = 400;
    private const int TestRows = 200;
    private const double Bar = 0.75;

    [Fact]
    public async Task A_default_tenant_trained_through_the_gateway_on_real_reviews_classifies_held_out_reviews_above_the_bar()
    {
        var dataset = TenantAccuracyBenchmark.ImdbEvalSplit(TrainRows * 5, TestRows * 5);
        var train = Shortest(dataset.Train, dataset.Labels, TrainRows);
        var test = Shortest(dataset.Test, dataset.Labels, TestRows);
        await using var host = await EmbeddedHost.StartAsync();
        var r = await new TenantAccuracyBenchmark(host.Channel, host.Admin).RunAsync("imdb", dataset.Labels, train, test, new Lines(output));
        output.WriteLine(r.Summary);

        Assert.Equal(TrainRows, r.Accepted);
        Assert.True(r.HeadVersion >= 1, $"no head version: {r.HeadVersion}");
        Assert.Equal(r.HeadVersion, r.ActiveHeadVersion); // the first head is promoted
        Assert.Equal(TrainRows, r.HeadExamples);
        Assert.Equal(TestRows, r.Predicted.Count);
        Assert.All(r.Predicted, label => Assert.Contains(label, dataset.Labels));
        Assert.True(r.Accuracy >= Bar, $"accuracy {r.Accuracy:0.000} on {TestRows} held-out reviews is under the bar {Bar:0.000}");
    }

    /// <summary>
    /// The first reviews of at most <see cref="MaxChars"/> characters, as many of each label: about
    /// half of IMDB's reviews are longer (median 970, mean 1,309 characters), and embedding those at
    /// the backbones' full window would take the test far past its time on 2 busy cores.
    /// </summary>
    private static List<LabeledText> Shortest(IReadOnlyList<LabeledText> rows, IReadOnlyList<string> labels, int count)
    {
        var picked = labels.SelectMany(label => rows.Where(r => r.Label == label && r.Text.Length <= MaxChars).Take(count / labels.Count)).ToList();
        Assert.Equal(count, picked.Count);
        return picked;
    }

    private const int MaxChars = 1_000;

    /// <summary>Progress written as it happens, on the reporting thread (a Progress&lt;T&gt; could post after the test ended).</summary>
    private sealed class Lines(ITestOutputHelper output) : IProgress<string>
    {
        public void Report(string value) => output.WriteLine($"{DateTime.Now:HH:mm:ss} {value}");
    }
}
