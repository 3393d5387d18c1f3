using LLMEmbed.Core.Sampling;

namespace LLMEmbed.Core.Tests;

public class StratifiedFoldsTests
{
    private static readonly int[] Classes = [.. Enumerable.Repeat(0, 53), .. Enumerable.Repeat(1, 21), .. Enumerable.Repeat(2, 7)];

    [Fact]
    public void Folds_AreStratified_AndCoverEveryRowOnce()
    {
        int[] folds = StratifiedFolds.Assign(Classes, 5, new SeededRandom(1));

        Assert.Equal(Classes.Length, folds.Length);
        Assert.All(folds, f => Assert.InRange(f, 0, 4));
        var sizes = Enumerable.Range(0, 5).Select(f => folds.Count(x => x == f)).ToArray();
        Assert.True(sizes.Max() - sizes.Min() <= 1, string.Join(",", sizes));
        for (int c = 0; c < 3; c++)
        {
            var perFold = Enumerable.Range(0, 5).Select(f => Enumerable.Range(0, Classes.Length).Count(i => Classes[i] == c && folds[i] == f)).ToArray();
            Assert.True(perFold.Max() - perFold.Min() <= 1, $"class {c}: {string.Join(",", perFold)}");
        }
        var (train, validation) = StratifiedFolds.Split(folds, 2);
        Assert.Equal(Classes.Length, train.Length + validation.Length);
        Assert.Empty(train.Intersect(validation));
        Assert.All(validation, i => Assert.Equal(2, folds[i]));
    }

    [Fact]
    public void Folds_AreDeterministicForASeed_AndChangeWithIt()
    {
        int[] a = StratifiedFolds.Assign(Classes, 5, new SeededRandom(7));
        int[] b = StratifiedFolds.Assign(Classes, 5, new SeededRandom(7));
        int[] c = StratifiedFolds.Assign(Classes, 5, new SeededRandom(8));

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Holdout_KeepsProportions_AndLeavesSingletonsInTraining()
    {
        int[] classes = [.. Enumerable.Repeat(0, 50), .. Enumerable.Repeat(1, 20), 2];
        var (train, holdout) = StratifiedFolds.Holdout(classes, 0.1, new SeededRandom(3));

        Assert.Equal(5, holdout.Count(i => classes[i] == 0));
        Assert.Equal(2, holdout.Count(i => classes[i] == 1));
        Assert.DoesNotContain(holdout, i => classes[i] == 2);
        Assert.Equal(classes.Length, train.Count + holdout.Count);
        Assert.Equal(holdout, StratifiedFolds.Holdout(classes, 0.1, new SeededRandom(3)).Holdout);
    }

    [Fact]
    public void BadArguments_AreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => StratifiedFolds.Assign(Classes, 1, new SeededRandom(1)));
        Assert.Throws<ArgumentException>(() => StratifiedFolds.Assign([0, 1], 5, new SeededRandom(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => StratifiedFolds.Holdout(Classes, 1.0, new SeededRandom(1)));
        Assert.Throws<ArgumentException>(() => StratifiedFolds.Assign([0, -1, 0], 2, new SeededRandom(1)));
    }

    [Fact]
    public void SeededRandom_IsAFixedSequence()
    {
        var a = new SeededRandom(42);
        var b = new SeededRandom(42);
        ulong[] first = [a.NextUInt64(), a.NextUInt64(), a.NextUInt64()];
        ulong[] second = [b.NextUInt64(), b.NextUInt64(), b.NextUInt64()];
        Assert.Equal(first, second);
        // SplitMix64's published first output for seed 0.
        Assert.Equal(0xE220A8397B1DCDAFUL, new SeededRandom(0).NextUInt64());
        Assert.All(Enumerable.Range(0, 1000), _ => Assert.InRange(a.NextInt(7), 0, 6));
    }
}
