using System.Runtime.InteropServices;
using LLMEmbed.Core.Backbones;
using LLMEmbed.Core.Features;
using LLMEmbed.Grains.Abstractions.Errors;
using LLMEmbed.Grains.Abstractions.Fusion;
using LLMEmbed.Grains.Validation;
using Orleans.Concurrency;

using LimitExceededException = LLMEmbed.Grains.Abstractions.Errors.LimitExceededException;

namespace LLMEmbed.Grains.Fusion;

/// <summary>
/// Thin actor over <see cref="RecipeFusion"/>: the texts the silo's cache lacks go to the recipe's
/// backbone grains (all passes in parallel), the vectors are fused as the offline path fuses them.
/// A reentrant stateless worker so concurrent callers' texts reach the backbones together.
/// </summary>
[StatelessWorker]
[Reentrant]
public sealed class FusionGrain(FusionCache cache, ILocalSiloDetails silo) : Grain, IFusionGrain
{
    private readonly Dictionary<string, int> _hiddenSizes = new(StringComparer.Ordinal);
    private FeatureRecipe _recipe = null!;
    private BackboneCall[] _calls = [];

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var name = this.GetPrimaryKeyString();
        try
        {
            _recipe = RecipeCatalog.Create(name);
        }
        catch (ArgumentException e)
        {
            throw new InvalidRequestException(e.Message, "recipe");
        }
        _calls = BackboneCall.Plan(_recipe);
        return Task.CompletedTask;
    }

    public async Task<FusedBatch> Fuse(string[] texts, bool truncate, CancellationToken cancellationToken = default)
    {
        TextRules.Check(texts, ClusterLimits.MaxTextsPerCall, allowBlank: true);
        var hidden = await Task.WhenAll(_calls.Select(c => HiddenSize(c.Backbone)));
        var componentHidden = _recipe.Components.Select(c => hidden[Array.FindIndex(_calls, call => call.Serves(c))]).ToArray();
        var dim = RecipeFusion.OutputDim(_recipe, componentHidden);
        var rowBytes = dim * sizeof(float);
        if ((long)texts.Length * rowBytes > ClusterLimits.MaxBlobBytes)
            throw new LimitExceededException(
                $"{texts.Length} vectors of recipe '{_recipe.Name}' ({dim} floats each) exceed the {ClusterLimits.MaxBlobBytes}-byte message limit; send at most {ClusterLimits.MaxBlobBytes / rowBytes} texts per call.",
                nameof(ClusterLimits.MaxBlobBytes));

        var data = new byte[texts.Length * rowBytes];
        var truncated = new bool[texts.Length];
        // Misses are de-duplicated: a text repeated in one call is embedded once.
        var missing = new Dictionary<FusionCache.Key, List<int>>();
        for (var i = 0; i < texts.Length; i++)
        {
            var key = FusionCache.KeyOf(_recipe.Name, texts[i]);
            // A cached cut vector does not answer a caller that forbids cutting: the backbone must refuse it.
            if (cache.TryGet(key, out var vector, out var cut) && (truncate || !cut) && vector.Length == rowBytes)
            {
                vector.CopyTo(data, i * rowBytes);
                truncated[i] = cut;
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
            var (fused, cut) = await EmbedAndFuse(firstRows.Select(i => texts[i]).ToArray(), firstRows, truncate, hidden, cancellationToken);
            var k = 0;
            foreach (var (key, rows) in missing)
            {
                var bytes = MemoryMarshal.AsBytes(fused[k].AsSpan()).ToArray();
                cache.Put(key, bytes, cut[k]);
                foreach (var row in rows)
                {
                    bytes.CopyTo(data, row * rowBytes);
                    truncated[row] = cut[k];
                }
                k++;
            }
        }
        return new FusedBatch(texts.Length, dim, data, truncated);
    }

    public Task<FusionCacheStats> CacheStats()
    {
        var s = cache.Snapshot();
        return Task.FromResult(new FusionCacheStats(silo.SiloAddress.ToString(), s.Hits, s.Misses, s.Evictions, s.Entries, s.Bytes));
    }

    /// <param name="callerRows">Index in the caller's request of each text, for error messages.</param>
    private async Task<(float[][] Fused, bool[] Truncated)> EmbedAndFuse(string[] texts, int[] callerRows, bool truncate, int[] hidden, CancellationToken cancellationToken)
    {
        var passes = await Task.WhenAll(_calls.Select((call, c) => Embed(call, texts, callerRows, truncate, hidden[c], cancellationToken)));
        var outputs = new PooledLayers[_recipe.Components.Count];
        for (var c = 0; c < outputs.Length; c++)
        {
            var component = _recipe.Components[c];
            var index = Array.FindIndex(_calls, call => call.Serves(component));
            outputs[c] = SelectTaps(passes[index].Layers, _calls[index].PositionsOf(component));
        }
        var cut = new bool[texts.Length];
        foreach (var pass in passes)
            for (var i = 0; i < cut.Length; i++) cut[i] |= pass.Truncated[i];
        return (RecipeFusion.Fuse(_recipe, outputs), cut);
    }

    /// <summary>One backbone pass over the texts, split so each reply stays under the message limit.</summary>
    private async Task<(PooledLayers Layers, bool[] Truncated)> Embed(BackboneCall call, string[] texts, int[] callerRows, bool truncate, int hidden, CancellationToken cancellationToken)
    {
        var perText = EmbeddingBlob.SizeOf(1, call.Taps.Length, hidden, EmbeddingPrecision.Float32);
        var chunk = (int)Math.Max(1, Math.Min(ClusterLimits.MaxTextsPerCall, ClusterLimits.MaxBlobBytes / perText));
        var backbone = GrainFactory.GetGrain<IBackboneGrain>(call.Backbone);
        var starts = Enumerable.Range(0, (texts.Length + chunk - 1) / chunk).Select(n => n * chunk).ToArray();
        var blobs = await Task.WhenAll(starts.Select(async start =>
        {
            var part = texts.AsSpan(start, Math.Min(chunk, texts.Length - start)).ToArray();
            try
            {
                return await backbone.EmbedTexts(new EmbedTextsRequest(part, call.Taps, call.Pooling, EmbeddingPrecision.Float32, truncate), cancellationToken);
            }
            catch (TextTooLongException e)
            {
                throw e.AtIndex(callerRows[start + e.Index]);
            }
        }));
        var values = new float[texts.Length * call.Taps.Length * hidden];
        var truncated = new bool[texts.Length];
        for (var b = 0; b < blobs.Length; b++)
        {
            var layers = blobs[b].ToPooledLayers();
            layers.Data.CopyTo(values, starts[b] * call.Taps.Length * hidden);
            for (var i = 0; i < layers.Sequences; i++) truncated[starts[b] + i] = blobs[b].WasTruncated(i);
        }
        return (new PooledLayers(texts.Length, call.Taps.Length, hidden, values), truncated);
    }

    private static PooledLayers SelectTaps(PooledLayers all, int[] positions)
    {
        if (positions.Length == all.Taps && positions.Select((p, i) => p == i).All(x => x)) return all;
        var data = new float[all.Sequences * positions.Length * all.Hidden];
        for (var s = 0; s < all.Sequences; s++)
            for (var t = 0; t < positions.Length; t++)
                all.Vector(s, positions[t]).CopyTo(data.AsSpan((s * positions.Length + t) * all.Hidden, all.Hidden));
        return new PooledLayers(all.Sequences, positions.Length, all.Hidden, data);
    }

    /// <summary>Hidden widths never change for a backbone id, so one Describe per activation suffices.</summary>
    private async Task<int> HiddenSize(string backbone)
    {
        if (_hiddenSizes.TryGetValue(backbone, out var known)) return known;
        var info = await GrainFactory.GetGrain<IBackboneGrain>(backbone).Describe();
        return _hiddenSizes[backbone] = info.HiddenSize;
    }
}
