using LLMEmbed.Core.Benchmarks;
using LLMEmbed.Core.Tests;

public sealed class CpuInfoTests
{
    [Fact]
    public void Reads_the_model_and_only_the_int8_relevant_flags_of_the_first_core()
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
    public void A_missing_file_is_unknown_not_an_error()
    {
        var info = CpuInfo.Read(Path.Combine(Path.GetTempPath(), "no-such-cpuinfo-" + Guid.NewGuid().ToString("N")));
        Assert.Equal("unknown", info.Model);
        Assert.Empty(info.Flags);
    }
}
