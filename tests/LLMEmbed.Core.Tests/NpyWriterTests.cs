using System.Buffers.Binary;
using System.Text;
using LLMEmbed.Core.Export;

namespace LLMEmbed.Core.Tests;

public class NpyWriterTests
{
    [Fact]
    public void Writes_Npy1_Header_AlignedTo64_ThenLittleEndianFloat32Rows()
    {
        using var stream = new MemoryStream();
        NpyWriter.Write(stream, [[1f, 2f, 3f], [4f, 5f, -6.5f]], 3);
        byte[] bytes = stream.ToArray();

        Assert.Equal(0x93, bytes[0]);
        Assert.Equal("NUMPY", Encoding.ASCII.GetString(bytes, 1, 5));
        Assert.Equal([1, 0], bytes[6..8]);
        int headerLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8));
        Assert.Equal(0, (10 + headerLength) % 64);
        string header = Encoding.ASCII.GetString(bytes, 10, headerLength);
        Assert.StartsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", header);
        Assert.EndsWith("\n", header);
        Assert.Equal(10 + headerLength + 6 * 4, bytes.Length);
        Assert.Equal(-6.5f, BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(bytes.Length - 4)));
        Assert.Throws<ArgumentException>(() => NpyWriter.Write(new MemoryStream(), [[1f, 2f], [3f]], 2));
    }
}
