using System.Buffers.Binary;
using LLMEmbed.Core.Heads;

namespace LLMEmbed.Core.Tests;

public class HeadSerializerTests
{
    private static readonly Lazy<(Head Head, TrainingSet Data)> LogReg = new(() =>
    {
        var data = SyntheticBlobs.Set(3, 30, 6, 2, seed: 21);
        return (HeadTrainer.Train(data, new HeadOptions { MaxEpochs = 10 }).Head, data);
    });

    [Fact]
    public void RoundTrip_GivesIdenticalPredictionsAndMetadata()
    {
        var (head, data) = LogReg.Value;
        var copy = HeadSerializer.FromBytes(HeadSerializer.ToBytes(head));

        Assert.Equal(head.Kind, copy.Kind);
        Assert.Equal(head.Labels, copy.Labels);
        Assert.Equal(head.Training, copy.Training);
        Assert.Equal(head.Standardizer!.Mean.ToArray(), copy.Standardizer!.Mean.ToArray());
        Assert.Equal(head.Standardizer.Std.ToArray(), copy.Standardizer.Std.ToArray());
        for (int i = 0; i < data.Count; i++)
            Assert.Equal(head.PredictProbabilities(data.Row(i)), copy.PredictProbabilities(data.Row(i)));
    }

    [Fact]
    public void RoundTrip_ThroughAStream_MlpWithoutStandardizer()
    {
        var data = SyntheticBlobs.Set(2, 20, 5, 2, seed: 22);
        var head = HeadTrainer.Train(data, new HeadOptions(HeadKind.Mlp) { HiddenWidths = [8, 4], MaxEpochs = 3, Standardize = false }).Head;
        using var stream = new MemoryStream();
        HeadSerializer.Write(stream, head);
        stream.Position = 0;
        var copy = HeadSerializer.Read(stream);

        Assert.Null(copy.Standardizer);
        Assert.Equal(3, copy.Layers.Count);
        for (int l = 0; l < 3; l++)
            Assert.Equal(head.Layers[l].Weights.ToArray(), copy.Layers[l].Weights.ToArray());
        Assert.Equal(head.PredictProbabilities(data.Row(0)), copy.PredictProbabilities(data.Row(0)));
    }

    [Fact]
    public void BadMagic_IsReported()
    {
        var bytes = HeadSerializer.ToBytes(LogReg.Value.Head);
        bytes[0] = (byte)'X';
        var ex = Assert.Throws<InvalidDataException>(() => HeadSerializer.FromBytes(bytes));
        Assert.Contains("magic", ex.Message);
        Assert.Contains("magic", Assert.Throws<InvalidDataException>(() => HeadSerializer.FromBytes([1, 2])).Message);
    }

    [Fact]
    public void FlippedWeightByte_FailsTheChecksum()
    {
        var bytes = HeadSerializer.ToBytes(LogReg.Value.Head);
        bytes[bytes.Length / 2] ^= 0x40;
        var ex = Assert.Throws<InvalidDataException>(() => HeadSerializer.FromBytes(bytes));
        Assert.Contains("checksum", ex.Message);
    }

    [Fact]
    public void TruncatedFile_IsReported()
    {
        var bytes = HeadSerializer.ToBytes(LogReg.Value.Head);
        foreach (int keep in new[] { 7, 20, bytes.Length / 2, bytes.Length - 1 })
        {
            var ex = Assert.Throws<InvalidDataException>(() => HeadSerializer.FromBytes(bytes.AsSpan(0, keep)));
            Assert.Contains("truncated", ex.Message);
        }
    }

    [Fact]
    public void TrailingBytes_AreReported()
    {
        var bytes = HeadSerializer.ToBytes(LogReg.Value.Head);
        var ex = Assert.Throws<InvalidDataException>(() => HeadSerializer.FromBytes([.. bytes, 0]));
        Assert.Contains("unexpected bytes", ex.Message);
    }

    [Fact]
    public void FutureVersion_IsReportedClearly()
    {
        var bytes = HeadSerializer.ToBytes(LogReg.Value.Head);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(4), 7);
        var ex = Assert.Throws<InvalidDataException>(() => HeadSerializer.FromBytes(bytes));
        Assert.Equal($"Head file format version 7 is newer than this build supports ({HeadSerializer.FormatVersion}).", ex.Message);
    }

    [Fact]
    public void Crc32_MatchesTheStandardCheckValue()
    {
        // The published check value of CRC-32/ISO-HDLC for "123456789".
        Assert.Equal(0xCBF43926u, Crc32.Compute("123456789"u8));
    }
}
