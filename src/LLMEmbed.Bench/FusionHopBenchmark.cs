using System.Diagnostics;
using LLMEmbed.Core.Backbones;
using LLMEmbed.Grains.Abstractions.Backbones;
using LLMEmbed.Grains.Fusion;
using LLMEmbed.Grains.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace LLMEmbed.Bench;

/// <summary>
/// What the fusion grain hop costs: the same cached texts fused through <see cref="IFusionGrain"/> (a local
/// stateless worker, immutable payloads) and by its code called directly (<see cref="RecipeFeaturizer"/>
/// over the same silo's cache), one call at a time, rounds alternating so drift hits both alike.
/// Cached texts: no backbone work, so the hop is the largest share it can ever be.
/// </summary>
internal static class FusionHopBenchmark
{
    public sealed record Result(int TextsPerCall, double GrainMicroseconds, double DirectMicroseconds)
    {
        public double OverheadMicroseconds => GrainMicroseconds - DirectMicroseconds;
    }

    /// <param name="silo">The silo's services (its grain factory, fusion cache, backbone client and manifests).</param>
    /// <param name="cachedTexts">Texts fused under <paramref name="recipe"/>, truncating (the untimed warm-up calls cache them for this caller).</param>
    public static async Task<IReadOnlyList<Result>> RunAsync(IServiceProvider silo, string recipe, IReadOnlyList<string> cachedTexts,
        IProgress<string> progress, int calls = 2_000, int rounds = 5)
    {
        var grain = silo.GetRequiredService<IGrainFactory>().GetGrain<IFusionGrain>(0);
        var direct = new RecipeFeaturizer(silo.GetRequiredService<FusionCache>(), silo.GetRequiredService<BackboneClient>(), silo.GetRequiredService<IBackboneFactory>());
        var results = new List<Result>();
        foreach (var size in new[] { 1, 32 })
        {
            var request = new FusionRequest(recipe, LongTextSettings.Default, cachedTexts.Take(size).ToArray(), Truncate: true);
            await Time(() => grain.Fuse(request), calls / 10);
            await Time(() => direct.FuseAsync(request), calls / 10);
            var grainRounds = new List<double>();
            var directRounds = new List<double>();
            for (var round = 0; round < rounds; round++)
            {
                grainRounds.Add(await Time(() => grain.Fuse(request), calls));
                directRounds.Add(await Time(() => direct.FuseAsync(request), calls));
            }
            var result = new Result(size, Median(grainRounds), Median(directRounds));
            progress.Report(FormattableString.Invariant(
                $"fusion hop, {size} cached text(s) a call: grain {result.GrainMicroseconds:F1} us vs direct {result.DirectMicroseconds:F1} us per call (+{result.OverheadMicroseconds:F1} us)"));
            results.Add(result);
        }
        return results;
    }

    /// <summary>Microseconds per call, <paramref name="calls"/> calls one after another.</summary>
    private static async Task<double> Time(Func<Task<FusedVectors>> call, int calls)
    {
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < calls; i++) await call();
        return clock.Elapsed.TotalMicroseconds / calls;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
