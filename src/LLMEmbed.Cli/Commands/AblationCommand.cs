using System.CommandLine;
using LLMEmbed.Cli.Rendering;
using LLMEmbed.Core.Experiments;
using LLMEmbed.Core.Features;

namespace LLMEmbed.Cli.Commands;

/// <summary>
/// `llmembed ablation`: last layer (one backbone) vs several depths vs co-occurrence fusion of
/// both backbones, on the same split with the same head, side by side.
/// </summary>
internal static class AblationCommand
{
    public static Command Create()
    {
        var options = new EvalOptions();
        var head = new Option<string>("--head") { Description = "logreg | mlp | both", DefaultValueFactory = _ => "both" };
        var recipes = new Option<string>("--features") { Description = $"Comma-separated recipes to compare, of: {FeaturesOption.Help}", DefaultValueFactory = _ => "last,layers,llmembed,concat" };
        var command = new Command("ablation", "Compare feature recipes on one split with the same head");
        options.AddTo(command);
        command.Options.Add(head);
        command.Options.Add(recipes);
        command.SetAction(p =>
        {
            var dataset = options.LoadDataset(p);
            var heads = p.GetValue(head) == "both" ? new[] { "logreg", "mlp" } : [p.GetValue(head)!];
            var names = p.GetValue(recipes)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var backbones = options.BackboneIds(p);
            using var extractor = options.CreateExtractor(p);
            var runner = new ExperimentRunner(extractor);
            var results = ProgressReporter.Run(progress =>
            {
                var list = new List<ExperimentResult>();
                foreach (var h in heads)
                    foreach (var name in names)
                    {
                        var recipe = RecipeCatalog.Create(name, backbones, sigma: p.GetValue(options.Sigma));
                        var headOptions = options.HeadOptionsFor(p, h);
                        list.Add(runner.Run(dataset, recipe, headOptions, progress.Embedding(dataset.Name),
                            progress.Training($"{name}/{h}", EvalOptions.TrainingSteps(headOptions))));
                    }
                progress.Finish();
                return list;
            });
            if (p.GetValue(options.Json))
                JsonReport.Write(new Dictionary<string, object?>
                {
                    ["dataset"] = dataset.Name,
                    ["train_size"] = dataset.Train.Count,
                    ["test_size"] = dataset.Test.Count,
                    ["results"] = results.Select(JsonReport.ToObject).ToArray(),
                });
            else ReportRenderer.RenderAblation(results);
            return 0;
        });
        return command;
    }
}
