using System.CommandLine;
using System.Globalization;
using LLMEmbed.Cli.Rendering;
using LLMEmbed.Core.Features;
using LLMEmbed.Core.ZeroShot;
using Spectre.Console;

namespace LLMEmbed.Cli.Commands;

/// <summary>`eval --zero-shot` / `--few-shot`: label-description accuracy and the k-per-label curve of the head.</summary>
internal sealed class ZeroShotOptions
{
    private readonly Option<bool> _zeroShot = new("--zero-shot") { Description = "Classify the test split by similarity to label descriptions (needs --label-descriptions)" };
    private readonly Option<string?> _descriptions = new("--label-descriptions") { Description = "JSON file: label -> description string or list of example sentences" };
    private readonly Option<string?> _prefix = new("--query-prefix") { Description = "Text put before each test text (not the descriptions) for the zero-shot score" };
    private readonly Option<string?> _fewShot = new("--few-shot") { Description = "Comma-separated examples per label, e.g. 8,16,32,64: head accuracy trained on k rows per label" };
    private readonly Option<bool> _servedView = new("--served-view") { Description = "Score the block of the recipe's fused vector a tenant's zero-shot serves (e.g. llmembed's layer mean), not the whole vector" };
    private readonly Option<int> _seeds = new("--seeds") { Description = "Seeds per few-shot point", DefaultValueFactory = _ => 5 };

    public static ZeroShotOptions AddTo(Command command)
    {
        var o = new ZeroShotOptions();
        foreach (var option in new Option[] { o._zeroShot, o._descriptions, o._prefix, o._fewShot, o._seeds, o._servedView }) command.Options.Add(option);
        return o;
    }

    public bool Requested(ParseResult p) => p.GetValue(_zeroShot) || p.GetValue(_fewShot) is not null;

    public int Run(ParseResult p, EvalOptions options, Option<string> features, Option<string> head)
    {
        IReadOnlyDictionary<string, IReadOnlyList<string>>? descriptions = null;
        if (p.GetValue(_zeroShot))
            descriptions = LabelDescriptions.Load(p.GetValue(_descriptions) ?? throw new ArgumentException("--zero-shot needs --label-descriptions FILE."));
        var ks = (p.GetValue(_fewShot) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(k => int.TryParse(k, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new ArgumentException($"--few-shot: '{k}' is not a positive count.")).ToArray();
        var seeds = p.GetValue(_seeds);
        if (seeds < 1) throw new ArgumentException("--seeds must be at least 1.");
        var dataset = options.LoadDataset(p);
        var recipe = RecipeCatalog.Create(p.GetValue(features)!, options.BackboneIds(p), sigma: p.GetValue(options.Sigma));
        using var extractor = options.CreateExtractor(p);
        var report = new ZeroShotEvaluation(extractor).Run(dataset, recipe, descriptions, p.GetValue(_prefix), ks, seeds,
            options.HeadOptionsFor(p, p.GetValue(head)!), servedView: p.GetValue(_servedView));
        if (p.GetValue(options.Json)) JsonReport.Write(report);
        else
        {
            AnsiConsole.MarkupLineInterpolated($"[bold]{report.Dataset}[/] recipe {report.Recipe}, {report.Test} test rows");
            if (report.ZeroShotAccuracy is { } z) AnsiConsole.MarkupLineInterpolated($"zero-shot: {z:P1}{(report.ZeroShotView is { } v ? $" ({v})" : "")}");
            foreach (var point in report.FewShot)
                AnsiConsole.MarkupLineInterpolated($"{point.PerLabel,3} per label: {point.Mean:P1} ± {point.StandardDeviation:P1}");
        }
        return 0;
    }
}
