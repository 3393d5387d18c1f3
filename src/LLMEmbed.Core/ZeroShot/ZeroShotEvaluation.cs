using LLMEmbed.Core.Data;
using LLMEmbed.Core.Features;
using LLMEmbed.Core.Heads;

namespace LLMEmbed.Core.ZeroShot;

/// <summary>Few-shot accuracy at one k: mean and sample standard deviation over seeds.</summary>
public sealed record FewShotPoint(int PerLabel, double Mean, double StandardDeviation, IReadOnlyList<double> PerSeed);

/// <summary>Zero-shot accuracy next to the few-shot curve of the trained head, on one dataset and recipe.</summary>
public sealed record ZeroShotReport(string Dataset, string Recipe, int Test, string? QueryPrefix, double? ZeroShotAccuracy,
    IReadOnlyList<FewShotPoint> FewShot, string? ZeroShotView = null);

/// <summary>
/// Offline zero-shot and few-shot evaluation: test texts (optionally behind a query prefix) are scored against
/// description vectors of the same recipe; the few-shot curve trains the head on k random training rows per
/// label per seed and tests on the same test split.
/// </summary>
public sealed class ZeroShotEvaluation(FeatureExtractor extractor)
{
    public ZeroShotReport Run(Dataset dataset, FeatureRecipe recipe, IReadOnlyDictionary<string, IReadOnlyList<string>>? descriptions,
        string? queryPrefix, IReadOnlyList<int> fewShot, int seeds, HeadOptions head, CancellationToken cancellationToken = default,
        bool servedView = false)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(recipe);
        ArgumentNullException.ThrowIfNull(fewShot);
        if (dataset.Test.Count == 0) throw new ArgumentException($"Dataset '{dataset.Name}' has no test rows.");
        double? zeroShot = null;
        string? viewName = null;
        if (descriptions is not null)
        {
            var missing = dataset.Test.Select(r => r.Label).Distinct().Where(l => !descriptions.ContainsKey(l)).ToArray();
            if (missing.Length > 0) throw new ArgumentException($"Descriptions lack labels of '{dataset.Name}': {string.Join(", ", missing)}.");
            // servedView: score the vector a tenant's zero-shot serves (ZeroShotView: the primary's deepest tap), not the fused one.
            var view = servedView ? ZeroShotView.For(recipe) : null;
            var scored = view?.AsRecipe() ?? recipe;
            float[][] Features(string[] texts) => extractor.Extract(texts, scored, cancellationToken: cancellationToken);
            viewName = view?.Describe();
            var vectors = descriptions.ToDictionary(d => d.Key, d => (IReadOnlyList<float[]>)Features([.. d.Value]));
            var scorer = ZeroShotScorer.Create(vectors);
            var x = Features(dataset.Test.Select(r => queryPrefix + r.Text).ToArray());
            zeroShot = (double)Enumerable.Range(0, x.Length).Count(i => scorer.Predict(x[i]) == dataset.Test[i].Label) / x.Length;
        }

        var points = new List<FewShotPoint>();
        if (fewShot.Count > 0)
        {
            var trainX = extractor.Extract(dataset.Train.Select(r => r.Text).ToArray(), recipe, cancellationToken: cancellationToken);
            var testX = extractor.Extract(dataset.Test.Select(r => r.Text).ToArray(), recipe, cancellationToken: cancellationToken);
            var byLabel = Enumerable.Range(0, dataset.Train.Count).GroupBy(i => dataset.Train[i].Label).ToArray();
            foreach (var k in fewShot)
            {
                var perSeed = new List<double>();
                for (var seed = 0; seed < seeds; seed++)
                {
                    var random = new Random(seed * 7919 + k);
                    var rows = byLabel.SelectMany(g => g.OrderBy(_ => random.Next()).Take(k)).ToArray();
                    var options = head with { Seed = seed, CvFolds = Math.Min(head.CvFolds, Math.Max(2, byLabel.Min(g => Math.Min(k, g.Count())))) };
                    var trained = HeadTrainer.Train(new TrainingSet([.. rows.Select(i => trainX[i])], [.. rows.Select(i => dataset.Train[i].Label)]),
                        options, null, cancellationToken).Head;
                    var predicted = trained.Predict(testX);
                    perSeed.Add((double)Enumerable.Range(0, testX.Length).Count(i => trained.Labels[predicted[i]] == dataset.Test[i].Label) / testX.Length);
                }
                var mean = perSeed.Average();
                var sd = perSeed.Count > 1 ? Math.Sqrt(perSeed.Sum(a => (a - mean) * (a - mean)) / (perSeed.Count - 1)) : 0;
                points.Add(new FewShotPoint(k, mean, sd, perSeed));
            }
        }
        return new ZeroShotReport(dataset.Name, recipe.Name, dataset.Test.Count, queryPrefix, zeroShot, points, viewName);
    }
}
