using System.CommandLine;
using LLMEmbed.Cli.Rendering;
using LLMEmbed.Core.Benchmarks;
using LLMEmbed.Core.Data;
using LLMEmbed.Core.Experiments;
using LLMEmbed.Core.Features;
using LLMEmbed.Core.Scope;
using Spectre.Console;

namespace LLMEmbed.Cli.Commands;

/// <summary>`eval --ood DATASET` / `--hold-out-label L`: abstention and calibration measured the way a tenant's head is guarded.</summary>
internal sealed class ScopeOptions
{
    private readonly Option<string?> _ood = new("--ood") { Description = "Out-of-scope dataset (imdb | r8 | r52 | file): its test texts are scored against the in-scope test split" };
    private readonly Option<int> _oodSize = new("--ood-size") { Description = "Out-of-scope texts taken from that dataset's test split (stratified, seeded)", DefaultValueFactory = _ => 2000 };
    private readonly Option<string?> _holdOut = new("--hold-out-label") { Description = "Leave this label out of training: its test rows are the near out-of-scope set" };
    private readonly Option<double> _coverage = new("--target-coverage") { Description = "In-scope share of holdout rows the threshold answers", DefaultValueFactory = _ => new GuardOptions().TargetCoverage };
    private readonly Option<int> _rows = new("--reference-rows") { Description = "Training rows kept to score scope", DefaultValueFactory = _ => new GuardOptions().ReferenceRows };
    private readonly Option<bool> _centred = new("--scope-centred") { Description = "Score scope by cosines of vectors centred on the training mean" };
    private readonly Option<int> _neighbours = new("--neighbours") { Description = "Nearest reference rows averaged in the scope score", DefaultValueFactory = _ => new GuardOptions().Neighbours };

    public static ScopeOptions AddTo(Command command)
    {
        var o = new ScopeOptions();
        foreach (var option in new Option[] { o._ood, o._oodSize, o._holdOut, o._coverage, o._rows, o._neighbours, o._centred }) command.Options.Add(option);
        return o;
    }

    public bool Requested(ParseResult p) => p.GetValue(_ood) is not null || p.GetValue(_holdOut) is not null;

    public int Run(ParseResult p, EvalOptions options, Option<string> features, Option<string> head)
    {
        var dataset = options.LoadDataset(p);
        var oodName = p.GetValue(_ood);
        IReadOnlyList<string>? far = null;
        if (oodName is not null)
        {
            var size = p.GetValue(_oodSize);
            if (size < 1) throw new ArgumentException("--ood-size must be at least 1.");
            var ood = DatasetCatalog.Load(oodName, new DatasetLoadOptions { TestSize = size, Seed = p.GetValue(options.Seed) });
            far = ood.Test.Select(r => r.Text).ToArray();
        }
        var guard = new GuardOptions
        {
            TargetCoverage = p.GetValue(_coverage), ReferenceRows = p.GetValue(_rows), Neighbours = p.GetValue(_neighbours), Centred = p.GetValue(_centred), Seed = p.GetValue(options.Seed),
        };
        guard.Validate();
        var recipe = RecipeCatalog.Create(p.GetValue(features)!, options.BackboneIds(p), sigma: p.GetValue(options.Sigma));
        using var extractor = options.CreateExtractor(p);
        // The tenant's default holdout share, so figures match what a tenant's head version records.
        const double holdoutFraction = 0.2;
        var report = ProgressReporter.Run(progress =>
        {
            var r = new ScopeEvaluation(extractor).Run(dataset, recipe, options.HeadOptionsFor(p, p.GetValue(head)!), guard, holdoutFraction,
                far, oodName, p.GetValue(_holdOut), progress.Embedding(dataset.Name));
            progress.Finish();
            return r;
        });
        if (p.GetValue(options.Json)) JsonReport.Write(ToObject(report));
        else Render(report);
        return 0;
    }

    private static Dictionary<string, object?> ToObject(ScopeReport r)
    {
        var o = new Dictionary<string, object?>
        {
            ["dataset"] = r.Dataset, ["recipe"] = r.Recipe, ["cpu"] = CpuInfo.Read().Model, ["train"] = r.Train, ["test_in_scope"] = r.TestInScope,
            ["held_out_label"] = r.HeldOutLabel, ["accuracy"] = r.Accuracy, ["answered_accuracy"] = Finite(r.AnsweredAccuracy),
            ["coverage"] = r.Coverage, ["target_coverage"] = r.TargetCoverage, ["holdout_coverage"] = r.HoldoutCoverage,
            ["threshold"] = r.Threshold, ["reference_rows"] = r.ReferenceRows, ["neighbours"] = r.Neighbours,
            ["temperature"] = r.Temperature, ["ece_before"] = r.EceBefore, ["ece_after"] = r.EceAfter,
            ["holdout_ece_before"] = Finite(r.HoldoutEceBefore), ["holdout_ece_after"] = Finite(r.HoldoutEceAfter),
        };
        if (r.Far is { } far)
        {
            o["ood"] = far.Name; o["ood_rows"] = far.Rows; o["ood_rejected"] = far.Rejected; o["auroc"] = far.Auroc; o["auroc_max_probability"] = far.AurocMaxProbability;
        }
        if (r.Near is { } near)
        {
            o["near_rows"] = near.Rows; o["near_rejected"] = near.Rejected; o["near_auroc"] = near.Auroc; o["near_auroc_max_probability"] = near.AurocMaxProbability;
        }
        return o;
    }

    private static double? Finite(double v) => double.IsFinite(v) ? v : null;

    private static void Render(ScopeReport r)
    {
        AnsiConsole.MarkupLineInterpolated($"[bold]{r.Dataset}[/] recipe {r.Recipe}, {r.Train} train rows, {r.TestInScope} in-scope test rows; CPU {CpuInfo.Read().Model}");
        AnsiConsole.MarkupLineInterpolated($"accuracy {r.Accuracy:P1}; answered {r.Coverage:P1} of in-scope texts (target {r.TargetCoverage:P0}, threshold {r.Threshold:F3}) at accuracy {r.AnsweredAccuracy:P1}");
        AnsiConsole.MarkupLineInterpolated($"calibration: temperature {r.Temperature:F3}, ECE {r.EceBefore:F4} -> {r.EceAfter:F4} on the test split");
        foreach (var set in new[] { r.Far, r.Near })
            if (set is not null)
                AnsiConsole.MarkupLineInterpolated($"{set.Name} ({set.Rows} texts): declined {set.Rejected:P1}; AUROC scope {set.Auroc:F3}, max-probability {set.AurocMaxProbability:F3}");
    }
}
