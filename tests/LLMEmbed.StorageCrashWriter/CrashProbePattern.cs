using System.Buffers.Binary;

namespace LLMEmbed.StorageCrashWriter;

/// <summary>
/// State contents whose every byte depends on its version, with a length that varies between
/// versions, so a state mixed from two writes or cut short is detected.
/// </summary>
public static class CrashProbePattern
{
    public static byte[] Make(int version)
    {
        var data = new byte[8 + (int)(version * 7919L % 20000)];
        BinaryPrimitives.WriteInt32LittleEndian(data, version);
        BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(4), data.Length);
        for (var i = 8; i < data.Length; i++) data[i] = (byte)(version * 31 + i * 7);
        return data;
    }

    /// <summary>The version a state holds; throws if any byte disagrees with it.</summary>
    public static int VersionOf(byte[] data)
    {
        if (data.Length < 8) throw new InvalidDataException($"Probe state of {data.Length} bytes is too short.");
        var version = BinaryPrimitives.ReadInt32LittleEndian(data);
        if (!Make(version).AsSpan().SequenceEqual(data))
            throw new InvalidDataException($"Probe state claims version {version} but its contents differ.");
        return version;
    }
}
