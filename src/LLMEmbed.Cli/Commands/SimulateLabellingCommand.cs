using System.CommandLine;
using System.Globalization;
using LLMEmbed.Cli.Rendering;
using LLMEmbed.Core.Benchmarks;
using LLMEmbed.Core.Features;
using LLMEmbed.Core.Heads;
using LLMEmbed.Core.Labelling;
using Spectre.Console;

namespace LLMEmbed.Cli.Commands;

/// <summary>
/// `llmembed simulate-labelling`: the labelling loop (suggest, reveal true labels, retrain) against random picks
/// from the same pool and start, on a dataset's cached features; prints both accuracy curves.
/// </summary>
internal static class SimulateLabellingCommand
{
    public static Command Create()
    {
        var options = new EvalOptions();
        var features = FeaturesOption.Create(RecipeCatalog.LLMEmbed);
        var start = new Option<int>("--start") { Description = "Labelled rows at the start (stratified)", DefaultValueFactory = _ => 16 };
        var batch = new Option<int>("--batch") { Description = "Rows labelled per round", DefaultValueFactory = _ => 20 };
        var rounds = new Option<int>("--rounds") { Description = "Rounds of suggest -> label -> retrain", DefaultValueFactory = _ => 10 };
        var seeds = new Option<int>("--seeds") { Description = "Repeats with a different start and random picks", DefaultValueFactory = _ => 5 };
        var diversity = new Option<float>("--diversity") { Description = "Most cosine allowed between two suggestions", DefaultValueFactory = _ => new SuggestionOptions().MaxCosine };
        var measure = new Option<string>("--measure") { Description = "margin | entropy", DefaultValueFactory = _ => "margin" };
        var spread = new Option<int>("--uncertain-pool") { Description = "Spread picks over this many times --batch most uncertain rows (1 = plain top-n)", DefaultValueFactory = _ => new SuggestionOptions().UncertainPoolFactor };
        var explore = new Option<double>("--explore") { Description = "Share of each batch picked at random from the pool (the rest by uncertainty)", DefaultValueFactory = _ => new SuggestionOptions().ExplorationShare };
        var density = new Option<int>("--density") { Description = "Weight uncertainty by mean cosine to this many nearest pool rows (0 = off)", DefaultValueFactory = _ => new SuggestionOptions().DensityNeighbours };
        var warmup = new Option<int>("--warmup-rounds") { Description = "Rounds picked at random before suggestions take over", DefaultValueFactory = _ => 0 };
        var svg = new Option<string?>("--svg") { Description = "Also write the two curves as an SVG chart to this file" };
        var command = new Command("simulate-labelling", "Simulate the labelling loop: suggested picks vs random picks, accuracy per round");
        options.AddTo(command);
        foreach (var o in new Option[] { features, start, batch, rounds, seeds, diversity, measure, spread, explore, density, warmup, svg }) command.Options.Add(o);
        command.SetAction(p =>
        {
            var dataset = options.LoadDataset(p);
            var recipe = RecipeCatalog.Create(p.GetValue(features)!, options.BackboneIds(p), sigma: p.GetValue(options.Sigma));
            var sim = new LabellingSimulationOptions(p.GetValue(start), p.GetValue(batch), p.GetValue(rounds), p.GetValue(seeds))
            {
                Head = options.HeadOptionsFor(p, "logreg"),
                WarmupRounds = p.GetValue(warmup),
                Suggestion = new SuggestionOptions
                {
                    MaxCosine = p.GetValue(diversity),
                    UncertainPoolFactor = p.GetValue(spread),
                    ExplorationShare = p.GetValue(explore),
                    DensityNeighbours = p.GetValue(density),
                    Measure = p.GetValue(measure)!.ToLowerInvariant() switch
                    {
                        "margin" => UncertaintyMeasure.Margin,
                        "entropy" => UncertaintyMeasure.Entropy,
                        var other => throw new ArgumentException($"Unknown --measure '{other}'. Use margin or entropy."),
                    },
                },
            };
            using var extractor = options.CreateExtractor(p);
            var trainX = extractor.Extract(dataset.Train.Select(r => r.Text).ToArray(), recipe);
            var testX = extractor.Extract(dataset.Test.Select(r => r.Text).ToArray(), recipe);
            var progress = new Progress<string>(m => Consoles.Err.MarkupLineInterpolated($"[grey]{m}[/]"));
            var (suggested, random) = LabellingSimulation.Run(trainX, dataset.Train.Select(r => r.Label).ToArray(),
                testX, dataset.Test.Select(r => r.Label).ToArray(), sim, progress);
            var labelled = Enumerable.Range(0, sim.Rounds + 1).Select(r => (double)(sim.Start + r * sim.Batch)).ToArray();
            string cpu = CpuInfo.Read().Model;

            if (p.GetValue(svg) is { } path)
            {
                var title = $"{dataset.Name}: suggested vs random picks ({sim.Seeds} seeds, ± sd)";
                File.WriteAllText(path, CurveSvg.Render(title, "labelled rows", "test accuracy",
                [
                    Series("suggest", "#1f77b4", labelled, suggested),
                    Series("random", "#ff7f0e", labelled, random),
                ]));
            }
            if (p.GetValue(options.Json))
            {
                JsonReport.Write(new Dictionary<string, object?>
                {
                    ["dataset"] = dataset.Name, ["features"] = recipe.Name, ["train_pool"] = dataset.Train.Count, ["test"] = dataset.Test.Count,
                    ["start"] = sim.Start, ["batch"] = sim.Batch, ["rounds"] = sim.Rounds, ["seeds"] = sim.Seeds,
                    ["diversity"] = sim.Suggestion.MaxCosine, ["measure"] = sim.Suggestion.Measure.ToString().ToLowerInvariant(),
                    ["uncertain_pool"] = sim.Suggestion.UncertainPoolFactor, ["explore"] = sim.Suggestion.ExplorationShare,
                    ["density"] = sim.Suggestion.DensityNeighbours, ["warmup_rounds"] = sim.WarmupRounds,
                    ["retrain"] = "full retrain per round: logistic head, L2 by cross-validation (tenant trainer defaults)",
                    ["labelled"] = labelled, ["suggest"] = ToObject(suggested), ["random"] = ToObject(random),
                    ["pass"] = suggested.MeanArea > random.MeanArea && suggested.FinalAccuracy >= random.FinalAccuracy,
                    ["cpu"] = cpu,
                });
            }
            else
            {
                Console.WriteLine($"{dataset.Name} ({recipe.Name}), {sim.Seeds} seeds, CPU: {cpu}");
                Console.WriteLine("labelled  suggest (mean ± sd)   random (mean ± sd)");
                for (int r = 0; r <= sim.Rounds; r++)
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{labelled[r],8}  {suggested.Mean(r):0.0000} ± {suggested.StdDev(r):0.0000}   {random.Mean(r):0.0000} ± {random.StdDev(r):0.0000}"));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"mean area: suggest {suggested.MeanArea:0.0000}, random {random.MeanArea:0.0000}; final: suggest {suggested.FinalAccuracy:0.0000}, random {random.FinalAccuracy:0.0000}"));
            }
            return 0;
        });
        return command;
    }

    private static CurveSvg.Series Series(string name, string color, double[] x, LabellingCurve c) =>
        new(name, color, x, Enumerable.Range(0, c.Points).Select(c.Mean).ToArray(), Enumerable.Range(0, c.Points).Select(c.StdDev).ToArray());

    private static Dictionary<string, object?> ToObject(LabellingCurve c) => new()
    {
        ["mean"] = Enumerable.Range(0, c.Points).Select(c.Mean).ToArray(),
        ["sd"] = Enumerable.Range(0, c.Points).Select(c.StdDev).ToArray(),
        ["mean_area"] = c.MeanArea,
        ["final_accuracy"] = c.FinalAccuracy,
        ["per_seed"] = c.AccuracyPerSeed,
    };
}
