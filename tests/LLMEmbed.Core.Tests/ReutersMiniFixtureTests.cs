using LLMEmbed.Core.Data;

namespace LLMEmbed.Core.Tests;

public class ReutersMiniFixtureTests
{
    [Fact]
    public void TheCommittedFixtureIsBalancedAndSplit()
    {
        var dataset = LabeledFileReader.ToDataset(LabeledFileReader.Read(ReutersMiniFixture.OutputPath), seed: 0, testFraction: 0.5);

        Assert.Equal(ReutersMiniFixture.Topics, dataset.Labels);
        Assert.All(ReutersMiniFixture.Topics, topic =>
        {
            Assert.Equal(ReutersMiniFixture.TrainPerTopic, dataset.Train.Count(r => r.Label == topic));
            Assert.Equal(ReutersMiniFixture.TestPerTopic, dataset.Test.Count(r => r.Label == topic));
        });
        Assert.All(dataset.Train.Concat(dataset.Test), r => Assert.InRange(r.Text.Split(' ').Length, 25, ReutersMiniFixture.MaxWords));
    }

    /// <summary>Checks the fixture against the real corpus. Set LLMEMBED_WRITE_FIXTURES=1 to (re)write it.</summary>
    [Fact]
    [Trait("Category", "Data")]
    public void TheFixtureIsReproducibleFromTheRealData()
    {
        var r8 = ReutersDataset.Load(LLMEmbedPaths.Default().Data, ReutersVariant.R8);
        var lines = ReutersMiniFixture.BuildLines(r8).ToList();

        if (Environment.GetEnvironmentVariable("LLMEMBED_WRITE_FIXTURES") == "1")
            File.WriteAllLines(ReutersMiniFixture.SourcePath(), lines);

        Assert.Equal(lines, File.ReadAllLines(ReutersMiniFixture.SourcePath()));
    }
}
