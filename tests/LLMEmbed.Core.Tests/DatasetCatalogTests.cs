using LLMEmbed.Core.Data;

namespace LLMEmbed.Core.Tests;

public class DatasetCatalogTests
{
    [Fact]
    public void Loads_a_file_and_subsamples_it()
    {
        using var dir = new TempDirectory();
        var lines = Enumerable.Range(0, 40).Select(i => $"{{\"text\": \"t{i}\", \"label\": \"{(i % 2 == 0 ? "even" : "odd")}\"}}");
        var path = dir.Write("numbers.jsonl", string.Join("\n", lines));
        var messages = new List<string>();

        var dataset = DatasetCatalog.Load(path, new DatasetLoadOptions
        {
            DataRoot = dir.Path, TrainSize = 10, Seed = 2, TestFraction = 0.25, Progress = new SyncProgress(messages),
        });

        Assert.Equal("numbers", dataset.Name);
        Assert.Equal(10, dataset.Train.Count);
        Assert.Equal(5, dataset.Train.Count(r => r.Label == "odd"));
        Assert.Equal(10, dataset.Test.Count);
        Assert.Contains(messages, m => m.StartsWith("numbers: 2 labels", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unknown_spec_says_what_it_accepts()
    {
        var error = Assert.Throws<FileNotFoundException>(() => DatasetCatalog.Load("sst2", new DatasetLoadOptions()));

        Assert.Contains("imdb, r8, r52", error.Message);
    }

    [Fact]
    public void Non_positive_sizes_are_rejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => DatasetCatalog.Load("r8", new DatasetLoadOptions { TrainSize = 0 }));

    /// <summary>Progress&lt;T&gt; posts asynchronously; tests need the messages at once.</summary>
    private sealed class SyncProgress(List<string> sink) : IProgress<string>
    {
        public void Report(string value) => sink.Add(value);
    }
}
