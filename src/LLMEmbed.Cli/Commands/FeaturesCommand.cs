using System.CommandLine;
using LLMEmbed.Cli.Rendering;
using LLMEmbed.Core.Export;
using LLMEmbed.Core.Features;
using Spectre.Console;

namespace LLMEmbed.Cli.Commands;

/// <summary>`llmembed features export`: a dataset's fused train/test features as .npy matrices plus JSON labels.</summary>
internal static class FeaturesCommand
{
    public static Command Create()
    {
        var options = new EvalOptions();
        var features = FeaturesOption.Create(RecipeCatalog.LLMEmbed);
        var output = new Option<string>("--out") { Description = "Folder for train.npy, test.npy and labels.json", Required = true };
        var export = new Command("export", "Write a dataset's train/test feature matrices (.npy float32) and labels (JSON)");
        options.AddTo(export);
        export.Options.Add(features);
        export.Options.Add(output);
        export.SetAction(p =>
        {
            var dataset = options.LoadDataset(p);
            var recipe = RecipeCatalog.Create(p.GetValue(features)!, options.BackboneIds(p), sigma: p.GetValue(options.Sigma));
            using var extractor = options.CreateExtractor(p);
            var directory = p.GetValue(output)!;
            var (train, test) = Extract(extractor, dataset, recipe);
            FeatureExport.Write(directory, train, dataset.Train.Select(r => r.Label).ToArray(), test, dataset.Test.Select(r => r.Label).ToArray());
            Consoles.Out.MarkupLineInterpolated($"wrote {train.Length} train and {test.Length} test rows of {train[0].Length} features to {Path.GetFullPath(directory)}");
            return 0;
        });
        var command = new Command("features", "Feature matrices for other tools");
        command.Subcommands.Add(export);
        return command;
    }

    /// <summary>Train and test features under a progress bar per backbone.</summary>
    public static (float[][] Train, float[][] Test) Extract(FeatureExtractor extractor, Core.Data.Dataset dataset, FeatureRecipe recipe) =>
        ProgressReporter.Run(progress =>
        {
            var train = extractor.Extract(dataset.Train.Select(r => r.Text).ToArray(), recipe, progress.Embedding(dataset.Name + " train"));
            var test = extractor.Extract(dataset.Test.Select(r => r.Text).ToArray(), recipe, progress.Embedding(dataset.Name + " test"));
            progress.Finish();
            return (train, test);
        });
}
