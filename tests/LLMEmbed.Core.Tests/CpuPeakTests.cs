using LLMEmbed.Core.Benchmarks;

namespace LLMEmbed.Core.Tests;

public sealed class CpuPeakTests
{
    // A Sapphire Rapids-like Xeon: AVX-512 with VNNI, AMX, 2 hyperthreads per core; the second block must not count.
    private const string Avx512Vnni =
        "processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: Intel(R) Xeon(R) Platinum 8480+\ncpu MHz\t\t: 2000.000\n" +
        "siblings\t: 4\ncpu cores\t: 2\nflags\t\t: fpu sse2 ssse3 fma avx avx2 avx512f avx512bw avx512_vnni avx_vnni amx_int8 amx_tile\n\n" +
        "processor\t: 1\nmodel name\t: Other\ncpu MHz\t\t: 9999.000\nflags\t\t: sse2\n";

    // A Haswell desktop part: AVX2 and FMA, no VNNI.
    private const string Avx2Only =
        "processor\t: 0\nmodel name\t: Intel(R) Core(TM) i7-4770 CPU @ 3.40GHz\ncpu MHz\t\t: 3400.000\nsiblings\t: 8\ncpu cores\t: 4\n" +
        "flags\t\t: fpu sse2 ssse3 fma avx avx2\n";

    [Fact]
    public void Avx512_vnni_counts_16_lanes_on_2_fma_ports_and_4_int8_macs_per_lane()
    {
        var peak = CpuPeak.Parse(Avx512Vnni, logicalCpus: 4);
        Assert.Equal("Intel(R) Xeon(R) Platinum 8480+", peak.Model);
        Assert.Equal(["sse2", "ssse3", "avx", "fma", "avx2", "avx512f", "avx512bw", "avx512_vnni", "avx_vnni", "amx_int8"], peak.Flags);
        Assert.Equal(16, peak.Fp32Lanes);
        Assert.True(peak.Vnni);
        Assert.Equal(2.0, peak.ClockGHz, 9);
        Assert.Equal("/proc/cpuinfo cpu MHz", peak.ClockSource);
        // fp32: 2 ports x 16 lanes x 2 FLOPs = 64 per cycle; x 2.0 GHz = 128 GFLOP/s per core, x 4 logical CPUs = 512.
        Assert.Equal(64, peak.Fp32FlopsPerCycle);
        Assert.Equal(128, peak.PeakGflopsPerCoreFp32, 9);
        Assert.Equal(512, peak.PeakGflopsMachineFp32, 9);
        // int8 (vpdpbusd): 2 ports x 16 lanes x 4 multiply-adds x 2 = 256 ops per cycle = 512 GOPS per core.
        Assert.Equal(256, peak.Int8OpsPerCycle);
        Assert.Equal(512, peak.PeakGopsPerCoreInt8, 9);
        // siblings 4 over cpu cores 2: hyperthreads, 2 physical cores under the 4 logical CPUs.
        Assert.Equal(2, peak.ThreadsPerCore);
        Assert.Equal(2.0, peak.PhysicalCores);
        Assert.Contains(peak.Caveats, c => c.StartsWith("2 threads per core", StringComparison.Ordinal));
        Assert.Contains(peak.Caveats, c => c.StartsWith("amx_int8", StringComparison.Ordinal));
        Assert.DoesNotContain(peak.Caveats, c => c.Contains("Zen 4", StringComparison.Ordinal));
    }

    [Fact]
    public void Avx2_without_vnni_counts_8_lanes_and_2_int8_macs_per_lane()
    {
        var peak = CpuPeak.Parse(Avx2Only, logicalCpus: 8);
        Assert.Equal(8, peak.Fp32Lanes);
        Assert.False(peak.Vnni);
        Assert.Equal(2, peak.Int8MacsPerLane);
        // fp32: 2 x 8 x 2 = 32 per cycle x 3.4 GHz = 108.8 GFLOP/s; int8 (vpmaddubsw + vpmaddwd): 2 x 8 x 2 x 2 = 64 x 3.4 = 217.6 GOPS.
        Assert.Equal(108.8, peak.PeakGflopsPerCoreFp32, 9);
        Assert.Equal(217.6, peak.PeakGopsPerCoreInt8, 9);
        Assert.Equal(870.4, peak.PeakGflopsMachineFp32, 9);
        Assert.Equal(2, peak.ThreadsPerCore);
        Assert.Contains(peak.Caveats, c => c.Contains("saturate", StringComparison.Ordinal));
    }

    [Fact]
    public void Avx_vnni_on_avx2_quadruples_the_int8_lanes_and_no_fma_halves_fp32()
    {
        var alderLake = CpuPeak.Parse(Avx2Only.Replace("avx avx2", "avx avx2 avx_vnni", StringComparison.Ordinal), 8);
        Assert.True(alderLake.Vnni);
        Assert.Equal(2 * 8 * 4 * 2, alderLake.Int8OpsPerCycle);
        // Sandy Bridge: 256-bit AVX without FMA or AVX2: one 8-wide multiply and one 8-wide add per cycle.
        var sandy = CpuPeak.Parse(Avx2Only.Replace("fma avx avx2", "avx", StringComparison.Ordinal), 8);
        Assert.False(sandy.Fma);
        Assert.Equal(16, sandy.Fp32FlopsPerCycle);
        Assert.Equal(4, sandy.Int32Lanes);
    }

    [Fact]
    public void Cpufreq_maximum_wins_over_cpu_mhz_and_no_clock_leaves_the_peak_unknown()
    {
        var boosted = CpuPeak.Parse(Avx512Vnni, 4, maxFrequencyKHz: 3_800_000);
        Assert.Equal(3.8, boosted.ClockGHz, 9);
        Assert.Equal("cpufreq cpuinfo_max_freq", boosted.ClockSource);
        Assert.Equal(243.2, boosted.PeakGflopsPerCoreFp32, 9);

        var noClock = CpuPeak.Parse(Avx2Only.Replace("cpu MHz\t\t: 3400.000\n", "", StringComparison.Ordinal), 8);
        Assert.Equal("unknown", noClock.ClockSource);
        Assert.True(double.IsNaN(noClock.PeakGflopsPerCoreFp32));
        Assert.Contains(noClock.Caveats, c => c.StartsWith("no clock", StringComparison.Ordinal));
    }

    [Fact]
    public void Amd_with_avx512_and_no_avx_vnni_is_flagged_as_zen4_and_equal_siblings_are_not_hyperthreads()
    {
        var zen4 = CpuPeak.Parse("processor\t: 0\nmodel name\t: AMD EPYC\ncpu MHz\t\t: 2596.136\nsiblings\t: 2\ncpu cores\t: 2\n" +
            "flags\t\t: sse2 ssse3 fma avx avx2 avx512f avx512bw avx512_vnni\n", 2);
        Assert.Contains(zen4.Caveats, c => c.Contains("Zen 4", StringComparison.Ordinal));
        Assert.Equal(1, zen4.ThreadsPerCore);
        Assert.DoesNotContain(zen4.Caveats, c => c.Contains("threads per core", StringComparison.Ordinal));
        Assert.Equal(2.596136 * 64, zen4.PeakGflopsPerCoreFp32, 9);
    }

    [Fact]
    public void Reads_the_files_and_a_missing_cpuinfo_is_unknown_not_an_error()
    {
        using var dir = new TempDirectory();
        var peak = CpuPeak.Read(dir.Write("cpuinfo", Avx2Only), dir.Write("cpuinfo_max_freq", "3900000\n"));
        Assert.Equal(3.9, peak.ClockGHz, 9);
        Assert.Equal(Environment.ProcessorCount, peak.LogicalCpus);
        Assert.Equal(8, peak.Fp32Lanes);

        var none = CpuPeak.Read(dir.File("no-cpuinfo"), dir.File("no-max-freq"));
        Assert.Equal("unknown", none.Model);
        Assert.Empty(none.Flags);
        Assert.True(double.IsNaN(none.ClockGHz));
    }
}
