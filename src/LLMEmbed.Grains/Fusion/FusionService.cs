using System.Collections.Concurrent;
using LLMEmbed.Core.Backbones;
using LLMEmbed.Core.Features;
using LLMEmbed.Grains.Abstractions;
using LLMEmbed.Grains.Abstractions.Backbones;
using LLMEmbed.Grains.Abstractions.Errors;
using LLMEmbed.Grains.Backbones;
using LLMEmbed.Grains.Routing;

namespace LLMEmbed.Grains.Fusion;

/// <summary>
/// Turns texts into one recipe's fused vectors, exactly as the offline extractor does: the texts the
/// silo's cache lacks go to the recipe's backbones (every pass in parallel, each through
/// <see cref="BackboneClient"/> to a routed replica), then <see cref="RecipeFusion"/> fuses them.
/// A per-silo service, not a grain: only tenant grains call it, always on their own silo, so a grain
/// hop would add a message and a copy of every vector for nothing; and the routing state it uses
/// (replica depths, in-flight counts) is per silo anyway.
/// </summary>
public sealed class FusionService(FusionCache cache, BackboneClient backbones, IBackboneFactory manifests)
{
    private readonly ConcurrentDictionary<string, (FeatureRecipe Recipe, BackboneCall[] Calls)> _recipes = new(StringComparer.Ordinal);

    /// <summary>One vector per text, in order, long texts truncated. Throws <see cref="InvalidRequestException"/> for an unknown recipe.</summary>
    public Task<FusedVectors> FuseAsync(string recipeName, string[] texts, bool truncate, CancellationToken cancellationToken = default) =>
        FuseAsync(recipeName, LongTextSettings.Default, texts, truncate, cancellationToken);

    /// <summary>One vector per text, in order; a text over a backbone's window is read as <paramref name="longText"/> says.</summary>
    public async Task<FusedVectors> FuseAsync(string recipeName, LongTextSettings longText, string[] texts, bool truncate, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(longText);
        var (recipe, calls) = Plan(recipeName);
        var hidden = calls.Select(c => manifests.Manifest(c.Backbone).HiddenSize).ToArray();
        var componentHidden = recipe.Components.Select(c => hidden[Array.FindIndex(calls, call => call.Serves(c))]).ToArray();
        var dim = RecipeFusion.OutputDim(recipe, componentHidden);

        var values = new float[texts.Length * dim];
        var truncated = new bool[texts.Length];
        var windows = new int[texts.Length];
        // Chunked and truncated vectors of the same text differ: they are cached apart.
        var cacheRecipe = recipe.Name + longText.CacheTag;
        // Misses are de-duplicated: a text repeated in one call is embedded once.
        var missing = new Dictionary<FusionCache.Key, List<int>>();
        for (var i = 0; i < texts.Length; i++)
        {
            var key = FusionCache.KeyOf(cacheRecipe, texts[i]);
            // A cached cut vector does not answer a caller that forbids cutting: the backbone must refuse it.
            if (cache.TryGet(key, out var vector, out var cut, out var taken) && (truncate || !cut) && vector.Length == dim)
            {
                vector.CopyTo(values, i * dim);
                truncated[i] = cut;
                windows[i] = taken;
            }
            else
            {
                if (!missing.TryGetValue(key, out var rows)) missing[key] = rows = [];
                rows.Add(i);
            }
        }

        if (missing.Count > 0)
        {
            var firstRows = missing.Values.Select(rows => rows[0]).ToArray();
            var (fused, cut, taken) = await EmbedAndFuse(recipe, calls, longText, firstRows.Select(i => texts[i]).ToArray(), firstRows, truncate, hidden, cancellationToken);
            var k = 0;
            foreach (var (key, rows) in missing)
            {
                cache.Put(key, fused[k], cut[k], taken[k]);
                foreach (var row in rows)
                {
                    fused[k].CopyTo(values, row * dim);
                    truncated[row] = cut[k];
                    windows[row] = taken[k];
                }
                k++;
            }
        }
        return new FusedVectors(texts.Length, dim, values, truncated, windows);
    }

    /// <summary>Backbone passes per text for a recipe (work per text = passes x tokens).</summary>
    public int PassesOf(string recipeName) => Plan(recipeName).Calls.Length;

    private (FeatureRecipe Recipe, BackboneCall[] Calls) Plan(string recipeName)
    {
        ArgumentNullException.ThrowIfNull(recipeName);
        if (_recipes.TryGetValue(recipeName, out var known)) return known;
        FeatureRecipe recipe;
        try
        {
            recipe = RecipeCatalog.Create(recipeName);
        }
        catch (ArgumentException e)
        {
            throw new InvalidRequestException(e.Message, "recipe");
        }
        return _recipes[recipeName] = (recipe, BackboneCall.Plan(recipe));
    }

    /// <param name="callerRows">Index in the caller's request of each text, for error messages.</param>
    private async Task<(float[][] Fused, bool[] Truncated, int[] Windows)> EmbedAndFuse(
        FeatureRecipe recipe, BackboneCall[] calls, LongTextSettings longText, string[] texts, int[] callerRows, bool truncate, int[] hidden, CancellationToken cancellationToken)
    {
        var passes = await Task.WhenAll(calls.Select((call, c) => Embed(call, longText, texts, callerRows, truncate, hidden[c], cancellationToken)));
        var outputs = new PooledLayers[recipe.Components.Count];
        for (var c = 0; c < outputs.Length; c++)
        {
            var component = recipe.Components[c];
            var index = Array.FindIndex(calls, call => call.Serves(component));
            outputs[c] = passes[index].Layers.SelectTaps(calls[index].PositionsOf(component));
        }
        var cut = new bool[texts.Length];
        // A text's cost is reported as the windows of its longest pass (backbones may cut it differently).
        var windows = new int[texts.Length];
        foreach (var pass in passes)
            for (var i = 0; i < cut.Length; i++)
            {
                cut[i] |= pass.Truncated[i];
                windows[i] = Math.Max(windows[i], pass.Windows[i]);
            }
        return (RecipeFusion.Fuse(recipe, outputs), cut, windows);
    }

    /// <summary>One backbone pass over the texts, split so each reply stays under the message limit.</summary>
    private async Task<(PooledLayers Layers, bool[] Truncated, int[] Windows)> Embed(
        BackboneCall call, LongTextSettings longText, string[] texts, int[] callerRows, bool truncate, int hidden, CancellationToken cancellationToken)
    {
        var perText = EmbeddingBlob.SizeOf(1, call.Taps.Length, hidden, EmbeddingPrecision.Float32);
        var chunk = (int)Math.Max(1, Math.Min(ClusterLimits.MaxTextsPerCall, ClusterLimits.MaxBlobBytes / perText));
        var starts = Enumerable.Range(0, (texts.Length + chunk - 1) / chunk).Select(n => n * chunk).ToArray();
        var pooling = call.Pooling.ToContract();
        var blobs = await Task.WhenAll(starts.Select(async start =>
        {
            var part = texts.AsSpan(start, Math.Min(chunk, texts.Length - start)).ToArray();
            try
            {
                return await backbones.EmbedAsync(call.Backbone, new EmbedTextsRequest(part, call.Taps, pooling, EmbeddingPrecision.Float32, truncate, longText), cancellationToken);
            }
            catch (TextTooLongException e)
            {
                throw e.AtIndex(callerRows[start + e.Index]);
            }
        }));
        var truncated = new bool[texts.Length];
        var windows = new int[texts.Length];
        for (var b = 0; b < blobs.Length; b++)
            for (var i = 0; i < blobs[b].Sequences; i++)
            {
                truncated[starts[b] + i] = blobs[b].WasTruncated(i);
                windows[starts[b] + i] = blobs[b].WindowsOf(i);
            }
        if (blobs.Length == 1) return (blobs[0].ToPooledLayers(), truncated, windows);
        var values = new float[texts.Length * call.Taps.Length * hidden];
        for (var b = 0; b < blobs.Length; b++) blobs[b].Unpack().CopyTo(values, starts[b] * call.Taps.Length * hidden);
        return (new PooledLayers(texts.Length, call.Taps.Length, hidden, values), truncated, windows);
    }
}
