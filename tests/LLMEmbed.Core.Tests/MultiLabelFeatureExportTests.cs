using System.Text.Json;
using LLMEmbed.Core.Export;

namespace LLMEmbed.Core.Tests;

public class MultiLabelFeatureExportTests
{
    [Fact]
    public void Labels_json_holds_the_categories_and_one_list_per_row_empty_included()
    {
        using var dir = new TempDirectory();
        MultiLabelFeatureExport.Write(dir.Path, ["a", "b", "c"], [[1f, 2f], [3f, 4f]], [["a", "c"], []], [[5f, 6f]], [["b"]]);

        using var json = JsonDocument.Parse(File.ReadAllText(dir.File("labels.json")));
        var root = json.RootElement;
        Assert.Equal(["a", "b", "c"], root.GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
        var train = root.GetProperty("train").EnumerateArray().Select(r => r.EnumerateArray().Select(l => l.GetString()).ToArray()).ToArray();
        Assert.Equal([["a", "c"], []], train);
        Assert.Equal("b", root.GetProperty("test")[0][0].GetString());
        Assert.True(File.Exists(dir.File("train.npy")));
        Assert.True(File.Exists(dir.File("test.npy")));
    }

    [Fact]
    public void A_row_label_outside_the_categories_throws()
    {
        using var dir = new TempDirectory();
        var ex = Assert.Throws<ArgumentException>(() =>
            MultiLabelFeatureExport.Write(dir.Path, ["a"], [[1f]], [["z"]], [[2f]], [[]]));
        Assert.Contains("'z'", ex.Message);
    }
}
