using LLMEmbed.Core.Heads.MultiLabel;

namespace LLMEmbed.Core.Tests.MultiLabel;

public sealed class MultiLabelHeadSerializerTests
{
    private static readonly Lazy<(MultiLabelHead Head, float[][] Rows)> Trained = new(() =>
    {
        var train = SyntheticMultiLabel.Separable(120, 6, seed: 21);
        return (MultiLabelTrainer.Train(SyntheticMultiLabel.Set(train), new MultiLabelOptions { MaxDegreeOfParallelism = 2 }), train.Rows);
    });

    [Fact]
    public void RoundTripGivesIdenticalProbabilitiesThresholdsAndTraining()
    {
        var (head, rows) = Trained.Value;
        MultiLabelHead copy = MultiLabelHeadSerializer.FromBytes(MultiLabelHeadSerializer.ToBytes(head));
        float[] flat = [.. rows.SelectMany(r => r)];
        Assert.Equal(head.PredictProbabilities(flat, rows.Length), copy.PredictProbabilities(flat, rows.Length));
        Assert.Equal(head.Labels, copy.Labels);
        Assert.Equal(head.Thresholds, copy.Thresholds);
        Assert.Equal(head.Training.C, copy.Training.C);
        Assert.Equal(head.Training.Thresholds, copy.Training.Thresholds);
        Assert.Equal(head.Training.Selection, copy.Training.Selection);
        Assert.Equal(head.Training.CvMicroF1, copy.Training.CvMicroF1);
        Assert.Equal(head.Training.Rows, copy.Training.Rows);
        Assert.NotNull(copy.Standardizer);
        Assert.Equal(head.Standardizer!.Mean.ToArray(), copy.Standardizer.Mean.ToArray());
    }

    [Fact]
    public void TruncatedCorruptAndForeignBytesAreRejected()
    {
        byte[] bytes = MultiLabelHeadSerializer.ToBytes(Trained.Value.Head);
        foreach (int length in new[] { 0, 3, 7, 20, bytes.Length / 2, bytes.Length - 1 })
            Assert.Throws<InvalidDataException>(() => MultiLabelHeadSerializer.FromBytes(bytes[..length]));

        byte[] flipped = (byte[])bytes.Clone();
        flipped[bytes.Length / 2] ^= 0x40;
        Assert.Contains("checksum", Assert.Throws<InvalidDataException>(() => MultiLabelHeadSerializer.FromBytes(flipped)).Message);

        Assert.Contains("'LEML'", Assert.Throws<InvalidDataException>(() => MultiLabelHeadSerializer.FromBytes("garbage bytes here"u8.ToArray())).Message);
        Assert.Throws<InvalidDataException>(() => MultiLabelHeadSerializer.FromBytes([.. bytes, 0]));

        byte[] future = (byte[])bytes.Clone();
        future[4] = 9;
        Assert.Contains("version 9", Assert.Throws<InvalidDataException>(() => MultiLabelHeadSerializer.FromBytes(future)).Message);
    }
}
