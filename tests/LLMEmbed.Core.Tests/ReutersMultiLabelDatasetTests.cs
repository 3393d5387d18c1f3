using System.Text.Json;
using LLMEmbed.Core.Data;

namespace LLMEmbed.Core.Tests;

public class ReutersMultiLabelDatasetTests
{
    private static object Doc(string id, string date, string[]? topics, string? body) =>
        body is null
            ? new { title = "T" + id, date, topics, places = new[] { "usa" }, id }
            : new { title = "T" + id, body, date, topics, places = new[] { "usa" }, id };

    /// <summary>Reuters JSON shape: grain and wheat in both splits, yen train only, cocoa test only.</summary>
    private static MultiLabelDataset Load(TempDirectory dir)
    {
        object[] first =
        [
            Doc("1", " 1-MAR-1987 01:41:26.47", ["wheat", "grain"], "Multi-topic story."),
            Doc("2", " 7-APR-1987 23:59:50.45", ["grain"], "Grain story."),
            Doc("3", " 2-MAR-1987 10:00:00.00", ["yen"], "Only topic is train-only."),
            Doc("4", " 2-MAR-1987 10:00:00.00", ["grain", "yen"], "Grain and yen."),
            Doc("5", " 3-MAR-1987 10:00:00.00", ["wheat"], "   "),
            Doc("6", " 3-MAR-1987 10:00:00.00", ["wheat"], null),
            Doc("7", " 3-MAR-1987 10:00:00.00", null, "No topics."),
            Doc("8", " 3-MAR-1987 10:00:00.00", [], "Empty topics."),
        ];
        object[] second =
        [
            Doc("9", " 8-APR-1987 00:38:26.78", ["grain", "wheat"], "Test grain wheat."),
            Doc("10", "20-OCT-1987 10:00:00.00", ["cocoa", "grain"], "Test cocoa grain."),
        ];
        dir.Write("full/reuters-000.json", JsonSerializer.Serialize(first));
        dir.Write("full/reuters-001.json", JsonSerializer.Serialize(second));
        return ReutersMultiLabelDataset.FromDirectory(dir.File("full"));
    }

    [Fact]
    public void Categories_are_the_topics_of_both_splits()
    {
        using var dir = new TempDirectory();
        var data = Load(dir);

        // yen (train only) and cocoa (test only) are dropped as categories.
        Assert.Equal(["grain", "wheat"], data.Labels);
        Assert.Equal("reuters-multilabel", data.Name);
    }

    [Fact]
    public void Multi_topic_stories_keep_every_kept_topic_sorted_and_split_by_date()
    {
        using var dir = new TempDirectory();
        var data = Load(dir);

        // Stories 5-8 (blank body, no body, no topics, empty topics) are left out; 7 April is train, 8 April test.
        Assert.Equal(4, data.Train.Count);
        Assert.Equal(2, data.Test.Count);
        Assert.Equal(["grain", "wheat"], data.Train[0].Labels);
        Assert.Equal(["grain"], data.Train[1].Labels);
        Assert.Equal(["grain"], data.Train[3].Labels);
        Assert.Equal(["grain", "wheat"], data.Test[0].Labels);
        Assert.Equal(["grain"], data.Test[1].Labels);
        Assert.All(data.Train, r => Assert.Equal(DataSplit.Train, r.Split));
        Assert.All(data.Test, r => Assert.Equal(DataSplit.Test, r.Split));
        Assert.Equal("T1. Multi-topic story.", data.Train[0].Text);
    }

    [Fact]
    public void A_train_story_whose_topics_are_all_dropped_stays_with_no_label()
    {
        using var dir = new TempDirectory();
        var data = Load(dir);

        var none = Assert.Single(data.Train, r => r.Labels.Count == 0);
        Assert.Equal("T3. Only topic is train-only.", none.Text);
        Assert.Equal((1, 0), data.Unlabelled);
        Assert.Equal(7.0 / 6, data.Cardinality, 9);
    }

    [Fact]
    public void The_catalog_lists_and_loads_it_as_multi_label()
    {
        Assert.Contains("reuters-multilabel", DatasetCatalog.MultiLabelBuiltIn);
        Assert.True(DatasetCatalog.IsMultiLabel(" Reuters-MultiLabel "));
        Assert.False(DatasetCatalog.IsMultiLabel("r52"));
        Assert.Throws<ArgumentException>(() => DatasetCatalog.LoadMultiLabel("reuters-multilabel", new DatasetLoadOptions { TrainSize = 10 }));
    }
}
