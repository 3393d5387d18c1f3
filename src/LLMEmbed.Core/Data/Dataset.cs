using System.Globalization;
using System.Text;

namespace LLMEmbed.Core.Data;

/// <summary>A named train/test pair. <see cref="Labels"/> is the sorted (ordinal) set of labels
/// found in either split; a label's index there is its class index.</summary>
public sealed record Dataset(string Name, IReadOnlyList<LabeledText> Train, IReadOnlyList<LabeledText> Test, string[] Labels)
{
    /// <summary>Builds a dataset whose labels are the sorted union of both splits' labels.</summary>
    public static Dataset Create(string name, IReadOnlyList<LabeledText> train, IReadOnlyList<LabeledText> test)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        var labels = train.Concat(test).Select(r => r.Label).Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal).ToArray();
        return new Dataset(name, train, test, labels);
    }

    /// <summary>Seeded stratified subsets of each split (null keeps a split whole).</summary>
    public Dataset Subsample(int? trainSize, int? testSize, int seed) =>
        this with
        {
            Train = trainSize is { } n ? StratifiedSampler.Sample(Train, n, seed, "train") : Train,
            Test = testSize is { } m ? StratifiedSampler.Sample(Test, m, seed ^ 0x5bd1e995, "test") : Test,
        };

    /// <summary>A table of example counts per label and split.</summary>
    public string Describe()
    {
        var train = Train.CountBy(r => r.Label, StringComparer.Ordinal).ToDictionary(StringComparer.Ordinal);
        var test = Test.CountBy(r => r.Label, StringComparer.Ordinal).ToDictionary(StringComparer.Ordinal);
        var width = Math.Max(5, Labels.Length == 0 ? 0 : Labels.Max(l => l.Length));
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{Name}: {Labels.Length} labels, {Train.Count} train / {Test.Count} test").AppendLine();
        sb.Append(CultureInfo.InvariantCulture, $"  {"label".PadRight(width)} {"train",7} {"test",7}").AppendLine();
        foreach (var label in Labels)
        {
            sb.Append(CultureInfo.InvariantCulture,
                $"  {label.PadRight(width)} {train.GetValueOrDefault(label),7} {test.GetValueOrDefault(label),7}").AppendLine();
        }
        return sb.ToString();
    }
}
