using System.Text.Json;

namespace LLMEmbed.Core.Export;

/// <summary>
/// A train/test feature export other tools read: <c>train.npy</c> and <c>test.npy</c> (float32, rows x features)
/// and <c>labels.json</c> (<c>{"train": [...], "test": [...]}</c>, one label per row, in row order).
/// </summary>
public static class FeatureExport
{
    public const string TrainFile = "train.npy", TestFile = "test.npy", LabelsFile = "labels.json";

    public static void Write(string directory, IReadOnlyList<float[]> train, IReadOnlyList<string> trainLabels,
        IReadOnlyList<float[]> test, IReadOnlyList<string> testLabels)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(trainLabels);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(testLabels);
        if (train.Count == 0 || train.Count != trainLabels.Count || test.Count != testLabels.Count)
            throw new ArgumentException($"Need one label per row and some training rows: {train.Count} train rows / {trainLabels.Count} labels, {test.Count} test rows / {testLabels.Count} labels.");
        int columns = train[0].Length;
        Directory.CreateDirectory(directory);
        NpyWriter.Write(Path.Combine(directory, TrainFile), train, columns);
        NpyWriter.Write(Path.Combine(directory, TestFile), test, columns);
        File.WriteAllText(Path.Combine(directory, LabelsFile),
            JsonSerializer.Serialize(new Dictionary<string, IReadOnlyList<string>> { ["train"] = trainLabels, ["test"] = testLabels }));
    }
}
