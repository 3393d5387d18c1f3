using System.CommandLine;
using LLMEmbed.Cli.Rendering;
using LLMEmbed.Core.Data;
using LLMEmbed.Core.Experiments;
using LLMEmbed.Core.Features;
using LLMEmbed.Core.Heads.MultiLabel;

namespace LLMEmbed.Cli.Commands;

/// <summary>`llmembed eval` on a multi-label dataset: the one-vs-rest head with default options, scored on test.</summary>
internal static class MultiLabelEval
{
    public static int Run(ParseResult p, EvalOptions options, Option<string> features, MultiLabelThresholdOptions thresholds)
    {
        var dataset = options.LoadMultiLabelDataset(p);
        var recipe = RecipeCatalog.Create(p.GetValue(features)!, options.BackboneIds(p), sigma: p.GetValue(options.Sigma));
        var headOptions = thresholds.Apply(p, options.MultiLabelOptionsFor(p));
        using var extractor = options.CreateExtractor(p);
        var result = ProgressReporter.Run(progress =>
        {
            var r = MultiLabelExperiment.Run(extractor, dataset, recipe, headOptions, progress.Embedding(dataset.Name),
                progress.Fraction($"train {recipe.Name} one-vs-rest"));
            progress.Finish();
            return r;
        });
        if (p.GetValue(options.Json)) JsonReport.Write(MultiLabelJson.ToObject(result));
        else MultiLabelRenderer.Render(result);
        return 0;
    }
}
