using System.Collections.Concurrent;
using LLMEmbed.Core.Backbones;
using LLMEmbed.Core.Features;
using LLMEmbed.Core.ZeroShot;
using LLMEmbed.Grains.Abstractions;
using LLMEmbed.Grains.Abstractions.Backbones;
using LLMEmbed.Grains.Abstractions.Errors;
using LLMEmbed.Grains.Backbones;
using LLMEmbed.Grains.Routing;

namespace LLMEmbed.Grains.Fusion;

/// <summary>
/// Turns texts into one recipe's fused vectors, exactly as the offline extractor does: the texts the
/// silo's cache lacks go to the recipe's backbones (every pass in parallel, each one call through
/// <see cref="BackboneClient"/> to a routed replica), then <see cref="RecipeFusion"/> fuses them.
/// The work of <see cref="FusionGrain"/>; a plain class so it can also be timed without the grain hop.
/// A caller sends at most a tenant's per-call bound of texts (<see cref="Tenants.TenantWorkBound"/>), which
/// keeps every backbone reply within <see cref="ClusterLimits.MaxBlobBytes"/>: nothing is split here.
/// </summary>
public sealed class RecipeFeaturizer(FusionCache cache, BackboneClient backbones, IBackboneFactory manifests)
{
    private readonly ConcurrentDictionary<string, (FeatureRecipe Recipe, BackboneCall[] Calls)> _recipes = new(StringComparer.Ordinal);

    /// <summary>One vector per text, in order; a text over a backbone's window is read as the request's long-text setting says.</summary>
    public async Task<FusedVectors> FuseAsync(FusionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (texts, longText, truncate) = (request.Texts, request.LongText, request.Truncate);
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(longText);
        var (recipe, calls) = Plan(request.Recipe);
        var hidden = calls.Select(c => manifests.Manifest(c.Backbone).HiddenSize).ToArray();
        var componentHidden = recipe.Components.Select(c => hidden[Array.FindIndex(calls, call => call.Serves(c))]).ToArray();
        var dim = RecipeFusion.OutputDim(recipe, componentHidden);
        var zeroShotDim = request.ZeroShot ? componentHidden[0] : 0;
        var zeroShot = request.ZeroShot ? new float[texts.Length * zeroShotDim] : null;

        var values = new float[texts.Length * dim];
        var truncated = new bool[texts.Length];
        var windows = new int[texts.Length];
        // Chunked and truncated vectors of the same text differ: they are cached apart.
        var cacheRecipe = recipe.Name + longText.CacheTag;
        var scope = cache.ScopeOf(request.CacheScope ?? "");
        // Misses are de-duplicated: a text repeated in one call is embedded once.
        var missing = new Dictionary<FusionCache.Key, List<int>>();
        for (var i = 0; i < texts.Length; i++)
        {
            var key = FusionCache.KeyOf(cacheRecipe, texts[i], scope);
            // A cached cut vector does not answer a caller that forbids cutting: the backbone must refuse it.
            if (cache.TryGet(key, out var vector, out var cut, out var taken) && (truncate || !cut) && vector.Length == dim
                && (zeroShot is null || (cache.TryGet(ZeroShotKey(cacheRecipe, texts[i], scope), out var view, out _) && view.Length == zeroShotDim && CopyRow(view, zeroShot, i))))
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
            var (fused, cut, taken, views) = await EmbedAndFuse(recipe, calls, longText, firstRows.Select(i => texts[i]).ToArray(), firstRows, truncate, hidden, zeroShot is not null, cancellationToken);
            var k = 0;
            foreach (var (key, rows) in missing)
            {
                cache.Put(key, fused[k], cut[k], taken[k]);
                if (views is not null) cache.Put(ZeroShotKey(cacheRecipe, texts[rows[0]], scope), views[k], cut[k], taken[k]);
                foreach (var row in rows)
                {
                    if (views is not null) CopyRow(views[k], zeroShot!, row);
                    fused[k].CopyTo(values, row * dim);
                    truncated[row] = cut[k];
                    windows[row] = taken[k];
                }
                k++;
            }
        }
        return new FusedVectors(texts.Length, dim, values, truncated, windows, zeroShot, zeroShotDim);
    }

    /// <summary>A text's zero-shot vector is cached beside its fused one, under the recipe's name with a suffix.</summary>
    private static FusionCache.Key ZeroShotKey(string cacheRecipe, string text, string scope) => FusionCache.KeyOf(cacheRecipe + "|zero-shot", text, scope);

    private static bool CopyRow(float[] row, float[] destination, int index)
    {
        row.CopyTo(destination, index * row.Length);
        return true;
    }

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
    /// <param name="zeroShot">Also return each text's zero-shot vector (the primary component's deepest tap), from the same pass.</param>
    private async Task<(float[][] Fused, bool[] Truncated, int[] Windows, float[][]? ZeroShot)> EmbedAndFuse(
        FeatureRecipe recipe, BackboneCall[] calls, LongTextSettings longText, string[] texts, int[] callerRows, bool truncate, int[] hidden, bool zeroShot, CancellationToken cancellationToken)
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
        float[][]? views = null;
        if (zeroShot)
        {
            var tap = ZeroShotView.For(recipe).IndexIn(recipe.Components[0]);
            var primary = outputs[0];
            views = [.. Enumerable.Range(0, texts.Length).Select(r => primary.Data.AsSpan((r * primary.Taps + tap) * primary.Hidden, primary.Hidden).ToArray())];
        }
        return (RecipeFusion.Fuse(recipe, outputs), cut, windows, views);
    }

    /// <summary>One backbone pass over the texts: one call, its reply within the message limit by the caller's bound.</summary>
    private async Task<(PooledLayers Layers, bool[] Truncated, int[] Windows)> Embed(
        BackboneCall call, LongTextSettings longText, string[] texts, int[] callerRows, bool truncate, int hidden, CancellationToken cancellationToken)
    {
        var size = EmbeddingBlob.SizeOf(texts.Length, call.Taps.Length, hidden, EmbeddingPrecision.Float32);
        if (texts.Length > ClusterLimits.MaxTextsPerCall || size > ClusterLimits.MaxBlobBytes)
            throw new InvalidOperationException(
                $"{texts.Length} texts of {call.Taps.Length} taps x {hidden} on backbone '{call.Backbone}' need a {size}-byte reply, over one call's " +
                $"{ClusterLimits.MaxTextsPerCall} texts or {ClusterLimits.MaxBlobBytes} bytes: the tenant's per-call bound (TenantWorkBound) should have split them.");
        EmbeddingBlob blob;
        try
        {
            blob = await backbones.EmbedAsync(call.Backbone, new EmbedTextsRequest(texts, call.Taps, call.Pooling.ToContract(), EmbeddingPrecision.Float32, truncate, longText), cancellationToken);
        }
        catch (TextTooLongException e)
        {
            throw e.AtIndex(callerRows[e.Index]);
        }
        var truncated = new bool[texts.Length];
        var windows = new int[texts.Length];
        for (var i = 0; i < texts.Length; i++)
        {
            truncated[i] = blob.WasTruncated(i);
            windows[i] = blob.WindowsOf(i);
        }
        return (blob.ToPooledLayers(), truncated, windows);
    }
}
