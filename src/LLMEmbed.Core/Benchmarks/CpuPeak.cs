using System.Globalization;

namespace LLMEmbed.Core.Benchmarks;

/// <summary>
/// The CPU's theoretical fp32 and int8 peak, worked out from /proc/cpuinfo's flags, the clock and the core count:
/// <list type="bullet">
/// <item>fp32: <c>clock × FMA ports × lanes × 2</c> per core (an FMA is 2 FLOPs). Lanes: 16 with avx512f, 8 with avx2 (or avx),
/// 4 with sse2 (1 without). <see cref="FmaPorts"/> = 2 is assumed, not detected: true of Intel cores since Haswell and of the
/// larger Xeons, but some Xeon SKUs have one AVX-512 FMA unit, and AMD Zen 4 runs 512-bit operations on 256-bit units
/// (<see cref="Caveats"/> flags that case). Without the fma flag: one multiply and one add port, <c>lanes × 2</c> per cycle.</item>
/// <item>int8: with avx512_vnni (or avx_vnni at 256 bits), <c>vpdpbusd</c> does 4 multiply-adds per 32-bit lane, so 4× the fp32 lane count;
/// without VNNI, <c>vpmaddubsw</c> + <c>vpmaddwd</c> reach 2× (and <c>vpmaddubsw</c>'s int16 sums of two u8×s8 products can
/// saturate, which is why kernels restrict the range). Ops count a multiply-add as 2, like FLOPs. AMX (amx_int8) is not counted.</item>
/// <item>Clock: <c>cpuinfo_max_freq</c> when cpufreq exposes it (the highest boost: sustained all-core AVX clocks are lower),
/// else the first core's <c>cpu MHz</c> (on a VM usually the nominal clock; boost can exceed it, AVX-512 licences lower it).</item>
/// <item>Cores: <see cref="LogicalCpus"/> (<c>Environment.ProcessorCount</c>), so the per-core peak is per logical CPU.
/// When <c>siblings</c> exceeds <c>cpu cores</c> the logical CPUs are hyperthreads sharing one core's FMA ports, and the
/// machine's real peak is the per-core figure times <see cref="PhysicalCores"/>, not times the logical count.</item>
/// </list>
/// </summary>
public sealed record CpuPeak(string Model, IReadOnlyList<string> Flags, double ClockGHz, string ClockSource, int LogicalCpus,
    int? Siblings = null, int? CoresPerPackage = null)
{
    /// <summary>FMA-capable vector ports per core: assumed, since no flag tells (see the type's remarks).</summary>
    public const int FmaPorts = 2;

    public const string SysMaxFrequencyPath = "/sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq";

    /// <summary>The flags the peak rests on, as /proc/cpuinfo spells them.</summary>
    public static readonly IReadOnlyList<string> Relevant = ["sse2", "ssse3", "avx", "fma", "avx2", "avx512f", "avx512bw", "avx512_vnni", "avx_vnni", "amx_int8"];

    private bool Has(string flag) => Flags.Contains(flag, StringComparer.Ordinal);

    /// <summary>fp32 lanes of the widest vector unit the flags show.</summary>
    public int Fp32Lanes => Has("avx512f") ? 16 : Has("avx2") || Has("avx") ? 8 : Has("sse2") ? 4 : 1;

    public bool Fma => Has("fma") || Has("avx512f");

    /// <summary>32-bit integer lanes of the widest unit with a u8×s8 dot product: 512-bit needs avx512bw, 256-bit avx2, 128-bit ssse3.</summary>
    public int Int32Lanes => Has("avx512bw") ? 16 : Has("avx2") ? 8 : Has("ssse3") ? 4 : 1;

    /// <summary>Whether one instruction does four int8 multiply-adds per 32-bit lane at <see cref="Int32Lanes"/> width.</summary>
    public bool Vnni => Int32Lanes == 16 ? Has("avx512_vnni") : Int32Lanes == 8 && Has("avx_vnni");

    /// <summary>int8 multiply-adds per 32-bit lane and instruction: 4 with VNNI, 2 with vpmaddubsw + vpmaddwd, 1 with neither.</summary>
    public int Int8MacsPerLane => Vnni ? 4 : Int32Lanes > 1 ? 2 : 1;

    public double Fp32FlopsPerCycle => Fma ? FmaPorts * Fp32Lanes * 2.0 : Fp32Lanes * 2.0;

    /// <summary>int8 ops (a multiply-add is 2) per cycle and core, on the FMA ports' integer side.</summary>
    public double Int8OpsPerCycle => FmaPorts * Int32Lanes * Int8MacsPerLane * 2.0;

    public double PeakGflopsPerCoreFp32 => ClockGHz * Fp32FlopsPerCycle;
    public double PeakGopsPerCoreInt8 => ClockGHz * Int8OpsPerCycle;
    public double PeakGflopsMachineFp32 => PeakGflopsPerCoreFp32 * LogicalCpus;
    public double PeakGopsMachineInt8 => PeakGopsPerCoreInt8 * LogicalCpus;

    /// <summary><c>siblings / cpu cores</c> (2 = hyperthreads); null when cpuinfo does not say.</summary>
    public int? ThreadsPerCore => Siblings is > 0 && CoresPerPackage is > 0 && Siblings >= CoresPerPackage ? Siblings / CoresPerPackage : null;

    /// <summary>The logical CPUs' physical cores when <see cref="ThreadsPerCore"/> is known; hypervisors may not tell the truth.</summary>
    public double? PhysicalCores => ThreadsPerCore is { } t ? (double)LogicalCpus / t : null;

    /// <summary>Where the figures above are likely wrong for this CPU, in words.</summary>
    public IReadOnlyList<string> Caveats
    {
        get
        {
            var notes = new List<string>();
            if (double.IsNaN(ClockGHz)) notes.Add("no clock found: peaks unknown");
            if (ThreadsPerCore is > 1)
                notes.Add($"{ThreadsPerCore} threads per core: the {LogicalCpus} logical CPUs share {PhysicalCores:0.#} cores' FMA ports, so the machine peak is {1.0 / ThreadsPerCore.Value:0.##} of per-core x logical CPUs");
            // Zen 4 has AVX-512 without AVX-VNNI; Zen 5 added AVX-VNNI and full-width 512-bit units.
            if (Fp32Lanes == 16 && Model.Contains("AMD", StringComparison.OrdinalIgnoreCase) && !Has("avx_vnni"))
                notes.Add("AMD with AVX-512 but no avx_vnni looks like Zen 4, whose 512-bit FMAs run on 256-bit units: its real fp32 and int8 peaks are half these");
            if (Has("amx_int8")) notes.Add("amx_int8: AMX tiles multiply int8 far beyond the VNNI peak counted here");
            if (!Vnni) notes.Add("int8 without VNNI: vpmaddubsw's int16 sums can saturate");
            return notes;
        }
    }

    public override string ToString() => FormattableString.Invariant(
        $"{Model}: {LogicalCpus} logical CPUs{(ThreadsPerCore is { } t ? $" ({t} per core)" : "")} at {ClockGHz:0.###} GHz ({ClockSource}), {Fp32Lanes} fp32 lanes, {(Fma ? $"{FmaPorts} FMA ports" : "no FMA")}, int8 {(Vnni ? "VNNI" : "without VNNI")}: {PeakGflopsPerCoreFp32:0.#} GFLOP/s fp32, {PeakGopsPerCoreInt8:0.#} GOPS int8 per core");

    /// <summary>This machine: /proc/cpuinfo, cpufreq's maximum when present, <c>Environment.ProcessorCount</c>.</summary>
    public static CpuPeak Read(string cpuinfoPath = "/proc/cpuinfo", string maxFrequencyPath = SysMaxFrequencyPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(cpuinfoPath);
        var text = File.Exists(cpuinfoPath) ? File.ReadAllText(cpuinfoPath) : "";
        double? maxKHz = null;
        if (File.Exists(maxFrequencyPath) && double.TryParse(File.ReadAllText(maxFrequencyPath).Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var khz) && khz > 0)
            maxKHz = khz;
        return Parse(text, Environment.ProcessorCount, maxKHz);
    }

    /// <summary>The peak from cpuinfo text (its first processor's fields), a logical CPU count and cpufreq's maximum in kHz.</summary>
    public static CpuPeak Parse(string cpuinfo, int logicalCpus, double? maxFrequencyKHz = null)
    {
        ArgumentNullException.ThrowIfNull(cpuinfo);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(logicalCpus);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in cpuinfo.Split('\n'))
        {
            // The first processor's block ends at the first blank line; the others repeat it.
            if (line.Trim().Length == 0) { if (fields.Count > 0) break; continue; }
            var colon = line.IndexOf(':');
            if (colon > 0) fields.TryAdd(line[..colon].Trim(), line[(colon + 1)..].Trim());
        }
        var flags = fields.TryGetValue("flags", out var f) ? f.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal) : [];
        var (clock, source) = maxFrequencyKHz is > 0 ? (maxFrequencyKHz.Value / 1e6, "cpufreq cpuinfo_max_freq")
            : Number(fields, "cpu MHz") is { } mhz and > 0 ? (mhz / 1e3, "/proc/cpuinfo cpu MHz")
            : (double.NaN, "unknown");
        return new CpuPeak(fields.GetValueOrDefault("model name", "unknown"), Relevant.Where(flags.Contains).ToArray(), clock, source, logicalCpus,
            (int?)Number(fields, "siblings"), (int?)Number(fields, "cpu cores"));
    }

    private static double? Number(Dictionary<string, string> fields, string key) =>
        fields.TryGetValue(key, out var value) && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n : null;
}
