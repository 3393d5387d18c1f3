using System.Text.Json;

namespace LLMEmbed.Core.Export;

/// <summary>
/// A multi-label feature export: <c>train.npy</c> and <c>test.npy</c> as <see cref="FeatureExport"/> writes them, and
/// <c>labels.json</c> = <c>{"labels": [categories], "train": [[labels of row 0], ...], "test": [...]}</c>, every row's
/// list (possibly empty) drawn from the categories.
/// </summary>
public static class MultiLabelFeatureExport
{
    public static void Write(string directory, IReadOnlyList<string> labels, IReadOnlyList<float[]> train, IReadOnlyList<IReadOnlyList<string>> trainLabels,
        IReadOnlyList<float[]> test, IReadOnlyList<IReadOnlyList<string>> testLabels)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(trainLabels);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(testLabels);
        if (train.Count == 0 || train.Count != trainLabels.Count || test.Count != testLabels.Count)
            throw new ArgumentException($"Need one label list per row and some training rows: {train.Count} train rows / {trainLabels.Count} lists, {test.Count} test rows / {testLabels.Count} lists.");
        var known = labels.ToHashSet(StringComparer.Ordinal);
        var stray = trainLabels.Concat(testLabels).SelectMany(l => l).FirstOrDefault(l => !known.Contains(l));
        if (stray is not null)
            throw new ArgumentException($"Row label '{stray}' is not one of the {labels.Count} categories.", nameof(labels));
        int columns = train[0].Length;
        Directory.CreateDirectory(directory);
        NpyWriter.Write(Path.Combine(directory, FeatureExport.TrainFile), train, columns);
        NpyWriter.Write(Path.Combine(directory, FeatureExport.TestFile), test, columns);
        File.WriteAllText(Path.Combine(directory, FeatureExport.LabelsFile), JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["labels"] = labels, ["train"] = trainLabels, ["test"] = testLabels,
        }));
    }
}
