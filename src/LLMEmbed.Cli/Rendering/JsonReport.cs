using System.Text.Json;
using LLMEmbed.Core.Experiments;

namespace LLMEmbed.Cli.Rendering;

/// <summary>The `--json` shape of an evaluation: stable snake_case keys, one object per result.</summary>
internal static class JsonReport
{
    public static readonly JsonSerializerOptions Options = new() { WriteIndented = true };

    public static Dictionary<string, object?> ToObject(ExperimentResult r) => new()
    {
        ["dataset"] = r.Dataset,
        ["features"] = r.Features,
        ["recipe"] = r.RecipeDescription,
        ["feature_dim"] = r.FeatureDim,
        ["head"] = r.Head.ToString().ToLowerInvariant(),
        ["train_size"] = r.TrainSize,
        ["test_size"] = r.TestSize,
        ["accuracy"] = r.Report.Accuracy,
        ["macro_f1"] = r.Report.MacroF1,
        ["seconds_embed"] = r.SecondsEmbed,
        ["seconds_train"] = r.SecondsTrain,
        ["seconds_predict"] = r.SecondsPredict,
        ["epochs"] = r.Epochs,
        ["l2"] = r.Training.L2,
        ["dropout"] = r.Training.Dropout,
        ["cv_accuracy"] = double.IsNaN(r.Training.CvAccuracy) ? null : r.Training.CvAccuracy,
        ["selection"] = r.Training.Selection,
        ["long_text"] = r.LongText,
        ["windows_per_text"] = r.WindowsPerText,
        ["labels"] = r.Report.Labels,
        ["per_class"] = r.Report.PerClass.Select(c => new Dictionary<string, object>
        {
            ["label"] = c.Label, ["precision"] = c.Precision, ["recall"] = c.Recall, ["f1"] = c.F1, ["support"] = c.Support,
        }).ToArray(),
        ["confusion"] = r.Report.ConfusionMatrix,
    };

    public static void Write(object value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, Options));
}
