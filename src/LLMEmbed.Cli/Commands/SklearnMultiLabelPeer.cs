namespace LLMEmbed.Cli.Commands;

/// <summary>Debian's scikit-learn one-vs-rest LogisticRegressionCV on a multi-label export, through tools/sklearn_multilabel.py.</summary>
internal static class SklearnMultiLabelPeer
{
    /// <param name="ChosenC">Labels per chosen C ("0.01" -> 12).</param>
    /// <param name="ConstantLabels">Labels without both classes in train: not fitted, predicted off.</param>
    public sealed record Result(double MicroF1, double MacroF1, double ExactMatch, double TrainSeconds,
        IReadOnlyDictionary<string, int> ChosenC, IReadOnlyList<string> ConstantLabels);

    /// <summary>Null with the reason when Python or scikit-learn is missing.</summary>
    public static (Result? Result, string? Skipped) Run(string exportDirectory, IReadOnlyList<double> grid)
    {
        if (SklearnPeer.Unavailable("sklearn_multilabel.py", out var script) is { } skipped) return (null, skipped);
        using var json = SklearnPeer.RunScript(script, exportDirectory, grid);
        var root = json.RootElement;
        var chosen = root.GetProperty("chosen_c").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32(), StringComparer.Ordinal);
        string[] constant = [.. root.GetProperty("constant_labels").EnumerateArray().Select(l => l.GetString()!)];
        return (new Result(root.GetProperty("micro_f1").GetDouble(), root.GetProperty("macro_f1").GetDouble(), root.GetProperty("exact_match").GetDouble(),
            root.GetProperty("train_seconds").GetDouble(), chosen, constant), null);
    }
}
