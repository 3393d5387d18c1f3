using LLMEmbed.Core.Backbones;
using LLMEmbed.Core.Pooling;
using LLMEmbed.Core.ZeroShot;

[Collection(MiniLmCollection.Name)]
public sealed class ZeroShotScorerTests(MiniLmFixture model)
{
    private float[][] LastLayerMeans(params string[] texts)
    {
        var pooled = new EmbeddingRunner(model.Backbone, model.Tokenizer).Embed(texts, [model.Manifest.Layers], PoolingKind.Mean);
        return [.. Enumerable.Range(0, texts.Length).Select(i => pooled.Vector(i, 0).ToArray())];
    }

    [Fact]
    public void Descriptions_of_two_distinct_topics_classify_matching_texts()
    {
        var descriptions = LabelDescriptions.Parse("""
            { "sport": ["A football match: the team scored a goal and won the game."],
              "cooking": ["A recipe: bake the bread in the oven with flour, butter and sugar.", "Cooking dinner in the kitchen."] }
            """);
        var vectors = descriptions.ToDictionary(d => d.Key, d => (IReadOnlyList<float[]>)LastLayerMeans([.. d.Value]));
        var scorer = ZeroShotScorer.Create(vectors);
        var texts = LastLayerMeans("The striker netted twice in the second half and the club won the league.",
            "Whisk the eggs, add the flour and bake the cake for forty minutes.");

        Assert.Equal("sport", scorer.Predict(texts[0]));
        Assert.Equal("cooking", scorer.Predict(texts[1]));
        var probabilities = scorer.Probabilities(texts[0]);
        Assert.Equal(1f, probabilities.Sum(), 3);
        Assert.True(probabilities[scorer.Labels.ToList().IndexOf("sport")] > 0.5f);
    }

    [Fact]
    public void Fewer_than_two_labels_or_mixed_dimensions_are_refused()
    {
        Assert.Throws<ArgumentException>(() => ZeroShotScorer.Create(new Dictionary<string, IReadOnlyList<float[]>> { ["a"] = [[1f, 0f]] }));
        Assert.Throws<ArgumentException>(() => ZeroShotScorer.Create(new Dictionary<string, IReadOnlyList<float[]>> { ["a"] = [[1f, 0f]], ["b"] = [[1f, 0f, 0f]] }));
    }

    [Fact]
    public void Descriptions_file_accepts_strings_and_lists_and_refuses_empty()
    {
        var parsed = LabelDescriptions.Parse("""{ "a": "one", "b": ["two", "three"] }""");
        Assert.Equal(["one"], parsed["a"]);
        Assert.Equal(["two", "three"], parsed["b"]);
        Assert.Throws<FormatException>(() => LabelDescriptions.Parse("""{ "a": "" }"""));
        Assert.Throws<FormatException>(() => LabelDescriptions.Parse("""{ "a": 3 }"""));
    }
}
