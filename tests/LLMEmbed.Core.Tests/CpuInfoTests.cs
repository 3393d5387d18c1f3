using LLMEmbed.Core.Benchmarks;
using LLMEmbed.Core.Tests;

public sealed class CpuInfoTests
{
    [Fact]
    public void ReadsTheModelAndOnlyTheInt8RelevantFlagsOfTheFirstCore()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("cpuinfo",
            "processor\t: 0\nmodel name\t: Example CPU 9000\nflags\t\t: fpu sse2 avx2 avx512f avx512_vnni ssse3\n\n" +
            "processor\t: 1\nmodel name\t: Other\nflags\t\t: avx_vnni\n");
        var info = CpuInfo.Read(path);
        Assert.Equal("Example CPU 9000", info.Model);
        Assert.Equal(["avx2", "avx512f", "avx512_vnni"], info.Flags);
        Assert.Equal("Example CPU 9000 [avx2 avx512f avx512_vnni]", info.ToString());
    }

    [Fact]
    public void AMissingFileIsUnknownNotAnError()
    {
        var info = CpuInfo.Read(Path.Combine(Path.GetTempPath(), "no-such-cpuinfo-" + Guid.NewGuid().ToString("N")));
        Assert.Equal("unknown", info.Model);
        Assert.Empty(info.Flags);
    }
}
