using LLMEmbed.Core.Backbones;
using LLMEmbed.Core.Features;

namespace LLMEmbed.Core.Tests;

/// <summary>The extractor keys its cache by the token limit resolved per backbone, not by the option as given.</summary>
public class FeatureExtractorTokenLimitTests
{
    private static readonly string[] Texts =
    [
        string.Join(' ', Enumerable.Repeat("A long review that keeps going well past three hundred tokens.", 40)),
        "A short one.",
    ];

    [Fact]
    public void Default_limit_and_an_explicit_limit_equal_to_the_window_share_one_cache()
    {
        using var cache = new TempDirectory();
        using var loader = BackboneLoader.CreateDefault();
        var recipe = RecipeCatalog.Create(RecipeCatalog.Last);
        float[][] byDefault;
        using (var extractor = new FeatureExtractor(loader, cache.Path, new EmbeddingRunnerOptions { MaxTokens = 0 }))
            byDefault = extractor.Extract(Texts, recipe);

        var window = new List<ExtractionProgress>();
        using (var extractor = new FeatureExtractor(loader, cache.Path, new EmbeddingRunnerOptions { MaxTokens = 512 }))
            Assert.Equal(byDefault, extractor.Extract(Texts, recipe, new ListProgress(window)));
        var shorter = new List<ExtractionProgress>();
        float[][] truncated;
        using (var extractor = new FeatureExtractor(loader, cache.Path, new EmbeddingRunnerOptions { MaxTokens = 256 }))
            truncated = extractor.Extract(Texts, recipe, new ListProgress(shorter));

        Assert.All(window, r => Assert.Equal(0, r.Total));
        // 256 is another cache, and the long text reads differently there; the short one does not.
        Assert.Contains(shorter, r => r.Total == Texts.Length);
        Assert.NotEqual(byDefault[0], truncated[0]);
        for (var i = 0; i < byDefault[1].Length; i++) Assert.Equal(byDefault[1][i], truncated[1][i], 5);
    }

    private sealed class ListProgress(List<ExtractionProgress> reports) : IProgress<ExtractionProgress>
    {
        public void Report(ExtractionProgress value) => reports.Add(value);
    }
}
