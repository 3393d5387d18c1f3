using LLMEmbed.Core.Data;
using LLMEmbed.Core.Experiments;
using LLMEmbed.Core.Features;
using LLMEmbed.Core.Heads;

namespace LLMEmbed.Core.Tests;

/// <summary>
/// End to end on real text and real weights: 180 Reuters stories (3 topics) -> MiniLM/Arctic
/// taps -> fusion -> head -> held-out accuracy, with the embedding cache in a temp folder.
/// </summary>
public class ExperimentRunnerTests
{
    private static Dataset Fixture() =>
        LabeledFileReader.ToDataset(LabeledFileReader.Read(ReutersMiniFixture.OutputPath), seed: 1, testFraction: 0.25, name: "reuters-mini");

    [Theory]
    [InlineData(RecipeCatalog.Last, HeadKind.LogReg)]
    [InlineData(RecipeCatalog.LLMEmbed, HeadKind.LogReg)]
    [InlineData(RecipeCatalog.Layers, HeadKind.Mlp)]
    public void Train_predict_on_real_fixture_clears_accuracy_bar(string recipeName, HeadKind head)
    {
        using var cache = new TempDirectory();
        using var loader = BackboneLoader.CreateDefault();
        using var extractor = new FeatureExtractor(loader, cache.Path, new Backbones.EmbeddingRunnerOptions { MaxTokens = 128 });
        var dataset = Fixture();
        Assert.Equal(120, dataset.Train.Count);
        Assert.Equal(60, dataset.Test.Count);

        var result = new ExperimentRunner(extractor).Run(dataset, RecipeCatalog.Create(recipeName), new HeadOptions(head));

        // Three well-separated topics: chance is 33%; frozen features should clear 85%.
        Assert.True(result.Report.Accuracy >= 0.85, $"{recipeName}/{head}: accuracy {result.Report.Accuracy:P1}");
        Assert.Equal(60, result.Report.Count);
        Assert.Equal(3, result.Report.Labels.Count);
    }

    [Fact]
    public void Second_extraction_is_served_from_the_cache_and_identical()
    {
        using var cache = new TempDirectory();
        using var loader = BackboneLoader.CreateDefault();
        var texts = Fixture().Test.Take(12).Select(r => r.Text).ToArray();
        var recipe = RecipeCatalog.Create(RecipeCatalog.Layers);
        float[][] first;
        using (var extractor = new FeatureExtractor(loader, cache.Path))
            first = extractor.Extract(texts, recipe);

        var reports = new List<ExtractionProgress>();
        using (var extractor = new FeatureExtractor(loader, cache.Path))
        {
            var second = extractor.Extract(texts, recipe, new InlineProgress<ExtractionProgress>(reports.Add));
            for (var i = 0; i < texts.Length; i++) Assert.Equal(first[i], second[i]);
        }
        Assert.All(reports, r => Assert.Equal(texts.Length, r.Cached));
        Assert.All(reports, r => Assert.Equal(0, r.Total));
    }

    [Fact]
    public void Chunked_extraction_after_truncate_embeds_only_the_texts_longer_than_one_window()
    {
        using var cache = new TempDirectory();
        using var loader = BackboneLoader.CreateDefault();
        var longTexts = Fixture().Test.Take(4).Select(r => r.Text).ToArray();
        string[] shortTexts = ["Oil prices rose.", "The bank cut its rate.", "Wheat exports fell sharply."];
        var texts = shortTexts.Concat(longTexts).ToArray();
        var recipe = RecipeCatalog.Create(RecipeCatalog.Last);
        var runner = new Backbones.EmbeddingRunnerOptions { MaxTokens = 24 };
        float[][] truncated;
        using (var extractor = new FeatureExtractor(loader, cache.Path, runner))
            truncated = extractor.Extract(texts, recipe);

        var reports = new List<ExtractionProgress>();
        var chunk = new LongText.LongTextOptions { Mode = LongText.LongTextMode.Chunk, Overlap = 4 };
        using (var extractor = new FeatureExtractor(loader, cache.Path, runner, longText: chunk))
        {
            Assert.True(extractor.WindowsPerText(longTexts, recipe) > 1, "the fixture's stories must need several 24-token windows");
            var chunked = extractor.Extract(texts, recipe, new InlineProgress<ExtractionProgress>(reports.Add));
            for (var i = 0; i < shortTexts.Length; i++) Assert.Equal(truncated[i], chunked[i]);
            for (var i = shortTexts.Length; i < texts.Length; i++) Assert.NotEqual(truncated[i], chunked[i]);
        }
        // First the one-window texts, all found in the truncate cache; then only the long texts are embedded.
        Assert.Contains(reports, r => r.Cached == shortTexts.Length && r.Total == 0);
        Assert.Contains(reports, r => r.Cached == 0 && r.Total == longTexts.Length && r.Done == longTexts.Length);
        Assert.DoesNotContain(reports, r => r.Total > longTexts.Length);
    }

    private sealed class InlineProgress<T>(Action<T> handler) : IProgress<T>
    {
        public void Report(T value) => handler(value);
    }
}
