using System.Globalization;
using System.Runtime.InteropServices;
using LLMEmbed.Core.Benchmarks;
using LLMEmbed.Grains.Storage;
using LLMEmbed.Grains.Tenants;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;

namespace LLMEmbed.Bench;

/// <summary>
/// `append_bytes_per_row` (`--only append`, and part of a full run): <see cref="AppendCost"/>, the measurement the
/// storage tests bound, on the embedded default's storage: crash-safe files with the tenant grain's outage mapping,
/// default segment size, rows as wide as the default recipe's vectors. No model runs: seconds, disk-bound.
/// </summary>
internal static class AppendCostRun
{
    public const string Name = "append";

    // The default recipe `llmembed` (Gateway:DefaultRecipe): 384 layer-mean values + 36 Gram entries.
    private const int DefaultRecipeDimension = 420;

    public static async Task<AppendCost.Result> MeasureAsync(IProgress<string> progress)
    {
        progress.Report($"append cost: {AppendCost.Seeded} rows into file storage, then {AppendCost.Measured} 1-row appends");
        var directory = Directory.CreateTempSubdirectory("llmembed-bench-append").FullName;
        try
        {
            var serializer = new OrleansGrainStorageSerializer(new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>());
            var files = new DurableFileGrainStorage("bench", new DurableFileStorageOptions { RootDirectory = directory }, serializer);
            return await AppendCost.MeasureAsync(new OutageMappingStorage(files), serializer, "bench-append", DefaultRecipeDimension, new TenantOptions().SegmentCapacity);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>The bench's keys for it (every full run and `--only append`).</summary>
    public static void AddTo(Dictionary<string, object?> json, AppendCost.Result append)
    {
        json["append_bytes_per_row"] = append.Mean;
        json["append_row_bytes"] = append.RowBytes;
        json["append_common_max_bytes"] = append.CommonMax;
        json["append_stored_rows"] = AppendCost.Seeded;
        json["append_appends"] = append.Appends;
    }

    public static async Task<int> RunAsync(bool json, IProgress<string> progress)
    {
        var machine = Consoles.Machine();
        progress.Report(machine);
        var append = await MeasureAsync(progress);
        if (!append.ReadBackWhole) throw new InvalidOperationException($"the appended rows did not read back whole: {append}");
        if (json)
        {
            var report = new Dictionary<string, object?> { ["machine"] = machine };
            AddTo(report, append);
            Consoles.WriteJson(report);
        }
        else
        {
            Console.Out.WriteLine(machine);
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"append_bytes_per_row {append.Mean:F0} ({append})"));
        }
        return 0;
    }
}
