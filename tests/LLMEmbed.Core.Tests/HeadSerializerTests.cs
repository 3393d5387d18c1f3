using System.Buffers.Binary;
using System.IO.Hashing;
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
        // Inside layer 0's weights: an 18-byte header, three 10-byte labels, then layer count and widths (12 bytes).
        bytes[60] ^= 0x40;
        var ex = Assert.Throws<InvalidDataException>(() => HeadSerializer.FromBytes(bytes));
        Assert.Contains("checksum", ex.Message);
    }

    [Fact]
    public void Version1File_StillReads_WithoutSelectionFields()
    {
        var (head, data) = LogReg.Value;
        byte[] current = HeadSerializer.ToBytes(head);
        // A version 1 file is the version 2 payload without its trailing l2, dropout, CV accuracy and selection.
        int tail = 4 + 4 + 8 + 4 + System.Text.Encoding.UTF8.GetByteCount(head.Training.Selection);
        byte[] v1 = current.AsSpan(0, current.Length - 4 - tail).ToArray();
        BinaryPrimitives.WriteUInt16LittleEndian(v1.AsSpan(4), 1);
        v1 = [.. v1, .. new byte[4]];
        BinaryPrimitives.WriteUInt32LittleEndian(v1.AsSpan(v1.Length - 4), Crc32.HashToUInt32(v1.AsSpan(0, v1.Length - 4)));

        Head old = HeadSerializer.FromBytes(v1);
        Assert.True(float.IsNaN(old.Training.L2));
        Assert.True(double.IsNaN(old.Training.CvAccuracy));
        Assert.Equal("", old.Training.Selection);
        Assert.Equal(head.Training.OptionsSummary, old.Training.OptionsSummary);
        Assert.Equal(head.PredictProbabilities(data.Row(0)), old.PredictProbabilities(data.Row(0)));
        Assert.False(float.IsNaN(head.Training.L2));
        Assert.NotEqual("", head.Training.Selection);
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
    public void Checksum_is_crc32_iso_hdlc_as_head_files_written_before_carry()
    {
        var bytes = HeadSerializer.ToBytes(LogReg.Value.Head);
        // The published check value of CRC-32/ISO-HDLC for "123456789": the polynomial stored heads were written with.
        Assert.Equal(0xCBF43926u, Crc32.HashToUInt32("123456789"u8));
        Assert.Equal(Crc32.HashToUInt32(bytes.AsSpan(0, bytes.Length - 4)), BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(bytes.Length - 4)));
    }
}
