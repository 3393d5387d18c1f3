using System.Globalization;
using System.Text;

namespace LLMEmbed.Core.Data;

/// <summary>
/// A named multi-label train/test pair. <see cref="Labels"/> is the dataset's category list (sorted ordinal): every
/// row's labels are drawn from it, and macro scores average over it.
/// </summary>
public sealed record MultiLabelDataset(string Name, IReadOnlyList<MultiLabelText> Train, IReadOnlyList<MultiLabelText> Test, string[] Labels)
{
    /// <summary>Rows carrying no label, per split.</summary>
    public (int Train, int Test) Unlabelled => (Train.Count(r => r.Labels.Count == 0), Test.Count(r => r.Labels.Count == 0));

    /// <summary>Mean labels per row over both splits.</summary>
    public double Cardinality => Train.Concat(Test).Average(r => (double)r.Labels.Count);

    /// <summary>Counts of the dataset and a table of rows per label and split.</summary>
    public string Describe()
    {
        var train = Train.SelectMany(r => r.Labels).CountBy(l => l, StringComparer.Ordinal).ToDictionary(StringComparer.Ordinal);
        var test = Test.SelectMany(r => r.Labels).CountBy(l => l, StringComparer.Ordinal).ToDictionary(StringComparer.Ordinal);
        var width = Math.Max(5, Labels.Length == 0 ? 0 : Labels.Max(l => l.Length));
        var (unlabelledTrain, unlabelledTest) = Unlabelled;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture,
            $"{Name}: {Labels.Length} labels, {Train.Count} train / {Test.Count} test, {unlabelledTrain} / {unlabelledTest} rows with no label, {Cardinality:0.000} labels per row").AppendLine();
        sb.Append(CultureInfo.InvariantCulture, $"  {"label".PadRight(width)} {"train",7} {"test",7}").AppendLine();
        foreach (var label in Labels)
            sb.Append(CultureInfo.InvariantCulture,
                $"  {label.PadRight(width)} {train.GetValueOrDefault(label),7} {test.GetValueOrDefault(label),7}").AppendLine();
        return sb.ToString();
    }
}
