using LLMEmbed.Core.Data;

namespace LLMEmbed.Core.Tests;

public class ReutersMiniFixtureTests
{
    [Fact]
    public void The_committed_fixture_is_balanced_and_split() => AssertBalancedAndSplit(ReutersMiniFixture.OutputPath);

    /// <summary>
    /// Fails when the committed fixture differs from what the generator builds from the real corpus.
    /// With LLMEMBED_WRITE_FIXTURES=1 it rewrites the committed copy instead, and then checks the new
    /// file: it reads back line for line and still holds the balanced, split sample the tests rely on.
    /// </summary>
    [Fact]
    [Trait("Category", "Data")]
    public void The_fixture_is_reproducible_from_the_real_data()
    {
        var r8 = ReutersDataset.Load(LLMEmbedPaths.Default().Data, ReutersVariant.R8);
        var generated = ReutersMiniFixture.BuildLines(r8).ToList();
        var path = ReutersMiniFixture.SourcePath();

        if (Environment.GetEnvironmentVariable("LLMEMBED_WRITE_FIXTURES") == "1")
        {
            File.WriteAllLines(path, generated);
            Assert.Equal(generated, File.ReadAllLines(path));
            AssertBalancedAndSplit(path);
            return;
        }

        Assert.Equal(generated, File.ReadAllLines(path));
    }

    private static void AssertBalancedAndSplit(string path)
    {
        var dataset = LabeledFileReader.ToDataset(LabeledFileReader.Read(path), seed: 0, testFraction: 0.5);

        Assert.Equal(ReutersMiniFixture.Topics, dataset.Labels);
        Assert.All(ReutersMiniFixture.Topics, topic =>
        {
            Assert.Equal(ReutersMiniFixture.TrainPerTopic, dataset.Train.Count(r => r.Label == topic));
            Assert.Equal(ReutersMiniFixture.TestPerTopic, dataset.Test.Count(r => r.Label == topic));
        });
        Assert.All(dataset.Train.Concat(dataset.Test), r => Assert.InRange(r.Text.Split(' ').Length, 25, ReutersMiniFixture.MaxWords));
    }
}
