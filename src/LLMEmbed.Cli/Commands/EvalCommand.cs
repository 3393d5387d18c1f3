using System.CommandLine;
using LLMEmbed.Cli.Rendering;
using LLMEmbed.Core.Experiments;
using LLMEmbed.Core.Features;

namespace LLMEmbed.Cli.Commands;

/// <summary>`llmembed eval`: one recipe, one head, one split; full report.</summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var options = new EvalOptions();
        var features = FeaturesOption.Create(RecipeCatalog.LLMEmbed);
        var head = new Option<string>("--head") { Description = "logreg | mlp", DefaultValueFactory = _ => "logreg" };
        var command = new Command("eval", "Embed a dataset, train a head on the fused features and report held-out accuracy");
        options.AddTo(command);
        command.Options.Add(features);
        command.Options.Add(head);
        var zeroShot = ZeroShotOptions.AddTo(command);
        var scope = ScopeOptions.AddTo(command);
        var thresholds = MultiLabelThresholdOptions.AddTo(command);
        command.SetAction(p =>
        {
            if (zeroShot.Requested(p)) return zeroShot.Run(p, options, features, head);
            if (scope.Requested(p)) return scope.Run(p, options, features, head);
            if (options.IsMultiLabel(p)) return MultiLabelEval.Run(p, options, features, thresholds);
            var dataset = options.LoadDataset(p);
            var recipe = RecipeCatalog.Create(p.GetValue(features)!, options.BackboneIds(p), sigma: p.GetValue(options.Sigma));
            var headOptions = options.HeadOptionsFor(p, p.GetValue(head)!);
            using var extractor = options.CreateExtractor(p);
            var runner = new ExperimentRunner(extractor);
            var result = ProgressReporter.Run(progress =>
            {
                var r = runner.Run(dataset, recipe, headOptions, progress.Embedding(dataset.Name),
                    progress.Training(recipe.Name, EvalOptions.TrainingSteps(headOptions)));
                progress.Finish();
                return r;
            });
            if (p.GetValue(options.Json)) JsonReport.Write(JsonReport.ToObject(result));
            else ReportRenderer.Render(result);
            return 0;
        });
        return command;
    }
}
