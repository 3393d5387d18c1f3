namespace LLMEmbed.Core.Benchmarks;

/// <summary>
/// The CPU model and the vector extensions int8 speed depends on, from /proc/cpuinfo: with
/// AVX-512 VNNI or AVX-VNNI an int8 dot product is one instruction, on AVX2 alone it takes
/// three and can saturate, so int8 figures mean little without these.
/// </summary>
public sealed record CpuInfo(string Model, IReadOnlyList<string> Flags)
{
    public static readonly IReadOnlyList<string> Int8Relevant = ["avx2", "avx512f", "avx512bw", "avx512_vnni", "avx_vnni", "amx_int8"];

    public override string ToString() => Flags.Count == 0 ? Model : $"{Model} [{string.Join(' ', Flags)}]";

    /// <summary>Reads /proc/cpuinfo; elsewhere the model is "unknown" and no flags are listed.</summary>
    public static CpuInfo Read(string path = "/proc/cpuinfo")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path)) return new CpuInfo("unknown", []);
        string? model = null;
        HashSet<string>? flags = null;
        foreach (var line in File.ReadLines(path))
        {
            var colon = line.IndexOf(':');
            if (colon < 0) continue;
            var key = line[..colon].Trim();
            if (model is null && key == "model name") model = line[(colon + 1)..].Trim();
            else if (flags is null && key == "flags") flags = line[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
            if (model is not null && flags is not null) break;
        }
        return new CpuInfo(model ?? "unknown", Int8Relevant.Where(f => flags?.Contains(f) == true).ToArray());
    }
}
