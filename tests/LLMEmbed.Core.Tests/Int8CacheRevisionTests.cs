using System.Security.Cryptography;
using LLMEmbed.Core;
using LLMEmbed.Core.Backbones;
using LLMEmbed.Core.Features;
using LLMEmbed.Core.Caching;
using LLMEmbed.Core.Models;
using LLMEmbed.Core.Pooling;

/// <summary>An int8 backbone's embedding-cache identity follows the quantized graph it runs, so a changed quantizer never serves stale vectors.</summary>
[Collection(MiniLmCollection.Name)]
public sealed class Int8CacheRevisionTests(MiniLmFixture model) : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("llmembed-int8-revision-").FullName;

    public void Dispose() => Directory.Delete(_home, recursive: true);

    [Fact]
    public void Int8_cache_key_carries_the_quantized_graph_digest_and_changes_with_the_quantizer_options()
    {
        var store = new ModelStore(new LLMEmbedPaths(_home));
        // The already-extracted fp32 files as a file source, so nothing is copied out of the package again.
        var source = new ModelSource { Kind = ModelSourceKind.File, ModelPath = model.Files.ModelPath, VocabPath = model.Files.VocabPath };
        var int8 = model.Catalog.Get("minilm-l6-int8") with { Source = source };
        var keepLast = int8 with { Int8KeepFloat = ["ffn-out:6"] };

        Assert.Null(model.Files.CacheRevision); // fp32 as shipped: the id and manifest digests pin it, keys unchanged
        var first = store.Ensure(int8);
        var digest = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(first.TappedModelPath)));
        Assert.Equal($"int8-{digest}", first.CacheRevision);
        Assert.Equal(first.CacheRevision, store.Ensure(int8).CacheRevision); // from the stamp, no rebuild

        var other = store.Ensure(keepLast); // other options: the stamp no longer matches, the graph is rebuilt
        Assert.NotEqual(first.CacheRevision, other.CacheRevision);
        var rebuilt = store.Ensure(int8); // same options again: same bytes, same revision
        Assert.Equal(first.CacheRevision, rebuilt.CacheRevision);

        EmbeddingCacheKey Key(ModelFiles files) => new("minilm-l6-int8", [0, 1, 2, 3, 4, 5, 6], PoolingKind.Mean, 256, files.CacheRevision);
        Assert.Equal(Key(first), Key(rebuilt));
        Assert.Equal(Key(first).ShortHash, Key(rebuilt).ShortHash);
        Assert.NotEqual(Key(first), Key(other));
        Assert.NotEqual(Key(first).ShortHash, Key(other).ShortHash);
        Assert.NotEqual(Key(first), Key(model.Files));
    }

    [Fact]
    public void Feature_extractor_files_int8_embeddings_under_the_revisioned_key()
    {
        var int8 = model.Catalog.Get("minilm-l6-int8");
        var revision = model.Store.Ensure(int8).CacheRevision;
        Assert.StartsWith("int8-", revision);
        var cacheRoot = Path.Combine(_home, "embeddings");
        using (var extractor = new FeatureExtractor(new BackboneLoader(model.Catalog, model.Store), cacheRoot,
                   new EmbeddingRunnerOptions { MaxTokens = 64 }, ownsLoader: true))
            extractor.EmbedComponent(["Oil prices rose.", "ok"], new FeatureComponent("minilm-l6-int8", [6], PoolingKind.Mean));
        int[] allTaps = [0, 1, 2, 3, 4, 5, 6];
        var folder = Path.GetFileName(Assert.Single(Directory.GetDirectories(cacheRoot)));
        Assert.Equal(new EmbeddingCacheKey("minilm-l6-int8", allTaps, PoolingKind.Mean, 64, revision).ShortHash, folder);
        Assert.NotEqual(new EmbeddingCacheKey("minilm-l6-int8", allTaps, PoolingKind.Mean, 64).ShortHash, folder);
    }

    [Fact]
    public void Keep_float_is_refused_on_an_fp32_manifest_and_a_malformed_entry_is_named()
    {
        var fp32 = model.Manifest with { Int8KeepFloat = ["ffn-out:6"] };
        var error = Assert.Throws<InvalidDataException>(() => ManifestValidator.Validate(fp32, "test.json"));
        Assert.Contains("int8KeepFloat applies to precision int8 only", error.Message);
        var malformed = model.Catalog.Get("minilm-l6-int8") with { Int8KeepFloat = ["ffn-mid"] };
        error = Assert.Throws<InvalidDataException>(() => ManifestValidator.Validate(malformed, "test.json"));
        Assert.Contains("'ffn-mid'", error.Message);
    }
}
