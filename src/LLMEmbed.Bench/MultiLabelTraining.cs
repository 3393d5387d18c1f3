using LLMEmbed.Core;
using LLMEmbed.Core.Backbones;
using LLMEmbed.Core.Data;
using LLMEmbed.Core.Experiments;
using LLMEmbed.Core.Features;
using LLMEmbed.Core.Heads.MultiLabel;

namespace LLMEmbed.Bench;

/// <summary>
/// `multilabel_train_s`: the Reuters-multilabel head (one-vs-rest logistic heads, C by CV and per-label thresholds,
/// default options) trained on real `last` features, and the test micro-F1 it reaches, so a faster run is seen to be no worse.
/// </summary>
internal sealed record MultiLabelTraining(int Train, int Test, int Labels, int Dim, double Seconds, double MicroF1, double MacroF1)
{
    public static MultiLabelTraining Run(BackboneLoader loader, bool quick, IProgress<string> report)
    {
        var dataset = ReutersMultiLabelDataset.Load(LLMEmbedPaths.Default().Data, report);
        // --quick: a date-ordered prefix of each split, enough for every frequent category.
        var train = dataset.Train.Take(quick ? 1_000 : dataset.Train.Count).ToArray();
        var test = dataset.Test.Take(quick ? 500 : dataset.Test.Count).ToArray();
        var recipe = RecipeCatalog.Create(RecipeCatalog.Last);
        report.Report($"multi-label: features for {train.Length} + {test.Length} Reuters-multilabel stories ({recipe.Name})");
        var trainFeatures = BenchCommand.OfflineParts.ExtractCached(loader, [.. train.Select(r => r.Text)], recipe, report);
        var testFeatures = BenchCommand.OfflineParts.ExtractCached(loader, [.. test.Select(r => r.Text)], recipe, report);
        // The fallback cache embeds fewer texts: score the rows that have features.
        var used = dataset with { Train = train[..trainFeatures.Length], Test = test[..testFeatures.Length] };
        report.Report($"multi-label: training the head on {trainFeatures.Length} rows x {dataset.Labels.Length} labels");
        var result = MultiLabelExperiment.Run(used, recipe.Name, trainFeatures, testFeatures, new MultiLabelOptions());
        return new MultiLabelTraining(trainFeatures.Length, testFeatures.Length, dataset.Labels.Length, result.FeatureDim, result.SecondsTrain,
            result.Report.MicroF1, result.Report.MacroF1);
    }
}
