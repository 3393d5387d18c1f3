using LLMEmbed.Core.Caching;
using LLMEmbed.Core.Pooling;

namespace LLMEmbed.Core.Tests;

public class EmbeddingCacheTests
{
    private const int Length = 6;
    private static readonly EmbeddingCacheKey Key = new("minilm-l6", [2, 4, 6], PoolingKind.Mean, 256);

    private static float[] VectorFor(int seed) => Enumerable.Range(0, Length).Select(i => seed * 10f + i + 0.25f).ToArray();

    [Fact]
    public void Round_trips_vectors_by_text_hash()
    {
        using var dir = new TempDirectory();
        using var cache = EmbeddingCache.Open(dir.Path, Key, Length);
        var hash = EmbeddingCache.HashText("hello");
        var destination = new float[Length];

        Assert.False(cache.TryGet(hash, destination));
        Assert.True(cache.Put(hash, VectorFor(1)));
        Assert.False(cache.Put(hash, VectorFor(2)));

        Assert.True(cache.TryGet(hash, destination));
        Assert.Equal(VectorFor(1), destination);
        Assert.Equal(1, cache.Count);
        Assert.False(cache.TryGet(EmbeddingCache.HashText("hello "), destination));
    }

    [Fact]
    public void Hash_text_is_sha256_of_utf8()
    {
        Assert.Equal("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824",
            Convert.ToHexStringLower(EmbeddingCache.HashText("hello")));
        Assert.Equal(32, EmbeddingCache.HashText("").Length);
    }

    [Fact]
    public void Reopening_keeps_everything_and_skips_repeats()
    {
        using var dir = new TempDirectory();
        var hashes = Enumerable.Range(0, 5).Select(i => EmbeddingCache.HashText($"text {i}")).ToList();
        var vectors = Enumerable.Range(0, 5).SelectMany(VectorFor).ToArray();
        using (var cache = EmbeddingCache.Open(dir.Path, Key, Length))
        {
            Assert.Equal(5, cache.PutMany(hashes, vectors));
            Assert.Equal(0, cache.PutMany([hashes[0], hashes[0]], [.. VectorFor(9), .. VectorFor(9)]));
        }

        using var reopened = EmbeddingCache.Open(dir.Path, Key, Length);
        var destination = new float[Length];

        Assert.Equal(5, reopened.Count);
        Assert.True(reopened.TryGet(hashes[3], destination));
        Assert.Equal(VectorFor(3), destination);
        Assert.True(reopened.TryGet(hashes[0], destination));
        Assert.Equal(VectorFor(0), destination);
    }

    [Fact]
    public void A_torn_last_record_is_cut_off_at_open()
    {
        using var dir = new TempDirectory();
        string segment;
        using (var cache = EmbeddingCache.Open(dir.Path, Key, Length))
        {
            cache.Put(EmbeddingCache.HashText("kept"), VectorFor(1));
            segment = Directory.GetFiles(cache.Directory, "segment-*.bin").Single();
        }
        var whole = new FileInfo(segment).Length;
        using (var stream = new FileStream(segment, FileMode.Append))
        {
            stream.Write(EmbeddingCache.HashText("torn")); // a crash after the hash, before the vector
            stream.Write(new byte[7]);
        }

        using (var reopened = EmbeddingCache.Open(dir.Path, Key, Length))
        {
            Assert.Equal(1, reopened.Count);
            Assert.Equal(whole, new FileInfo(segment).Length);
            Assert.False(reopened.Contains(EmbeddingCache.HashText("torn")));
            Assert.True(reopened.Put(EmbeddingCache.HashText("after"), VectorFor(2)));
        }

        using var third = EmbeddingCache.Open(dir.Path, Key, Length);
        var destination = new float[Length];
        Assert.True(third.TryGet(EmbeddingCache.HashText("after"), destination));
        Assert.Equal(VectorFor(2), destination);
    }

    [Fact]
    public void A_zero_filled_tail_is_treated_as_torn()
    {
        using var dir = new TempDirectory();
        string segment;
        using (var cache = EmbeddingCache.Open(dir.Path, Key, Length))
        {
            cache.Put(EmbeddingCache.HashText("kept"), VectorFor(1));
            segment = Directory.GetFiles(cache.Directory, "segment-*.bin").Single();
        }
        var recordBytes = 32 + Length * 4;
        using (var stream = new FileStream(segment, FileMode.Append)) stream.Write(new byte[recordBytes]);

        using var reopened = EmbeddingCache.Open(dir.Path, Key, Length);

        Assert.Equal(1, reopened.Count);
        Assert.Equal(recordBytes, new FileInfo(segment).Length);
    }

    [Fact]
    public void Different_keys_are_isolated()
    {
        using var dir = new TempDirectory();
        var hash = EmbeddingCache.HashText("shared text");
        var otherPooling = new EmbeddingCacheKey("minilm-l6", [2, 4, 6], PoolingKind.Max, 256);
        var otherTokens = new EmbeddingCacheKey("minilm-l6", [2, 4, 6], PoolingKind.Mean, 128);
        using var a = EmbeddingCache.Open(dir.Path, Key, Length);
        using var b = EmbeddingCache.Open(dir.Path, otherPooling, Length);
        using var c = EmbeddingCache.Open(dir.Path, otherTokens, Length);

        a.Put(hash, VectorFor(1));

        Assert.NotEqual(a.Directory, b.Directory);
        Assert.NotEqual(a.Directory, c.Directory);
        Assert.False(b.TryGet(hash, new float[Length]));
        Assert.False(c.Contains(hash));
        Assert.Equal(0, b.Count);
    }

    [Fact]
    public void Keys_compare_by_content()
    {
        var same = new EmbeddingCacheKey("minilm-l6", new List<int> { 2, 4, 6 }, PoolingKind.Mean, 256);

        Assert.Equal(Key, same);
        Assert.Equal(Key.ShortHash, same.ShortHash);
        Assert.Equal("minilm-l6|2,4,6|mean|256", Key.Canonical);
        Assert.NotEqual(Key, new EmbeddingCacheKey("minilm-l6", [2, 4, 6], PoolingKind.Mean, 256, revision: "abc"));
    }

    [Fact]
    public void A_vector_length_mismatch_is_refused()
    {
        using var dir = new TempDirectory();
        using (var cache = EmbeddingCache.Open(dir.Path, Key, Length))
        {
            Assert.Throws<ArgumentException>(() => cache.Put(EmbeddingCache.HashText("x"), new float[Length + 1]));
            Assert.Throws<ArgumentException>(() => cache.TryGet(new byte[31], new float[Length]));
        }

        var error = Assert.Throws<InvalidDataException>(() => EmbeddingCache.Open(dir.Path, Key, Length * 2));
        Assert.Contains("6 floats", error.Message);
    }

    [Fact]
    public void A_second_open_of_the_same_cache_fails_clearly()
    {
        using var dir = new TempDirectory();
        using var first = EmbeddingCache.Open(dir.Path, Key, Length);

        var error = Assert.Throws<IOException>(() => EmbeddingCache.Open(dir.Path, Key, Length));

        Assert.Contains("already open", error.Message);
    }

    [Fact]
    public void Rolls_over_to_new_segments_and_reads_across_them()
    {
        using var dir = new TempDirectory();
        var recordBytes = 32 + Length * 4;
        var hashes = Enumerable.Range(0, 10).Select(i => EmbeddingCache.HashText($"t{i}")).ToList();
        using (var cache = EmbeddingCache.Open(dir.Path, Key, Length, maxSegmentBytes: 3 * recordBytes))
        {
            cache.PutMany(hashes.Take(7).ToList(), Enumerable.Range(0, 7).SelectMany(VectorFor).ToArray());
            cache.Put(hashes[7], VectorFor(7));
            Assert.Equal(3, Directory.GetFiles(cache.Directory, "segment-*.bin").Length);
        }

        using var reopened = EmbeddingCache.Open(dir.Path, Key, Length, maxSegmentBytes: 3 * recordBytes);
        var destination = new float[Length];
        Assert.Equal(8, reopened.Count);
        for (var i = 0; i < 8; i++)
        {
            Assert.True(reopened.TryGet(hashes[i], destination));
            Assert.Equal(VectorFor(i), destination);
        }
    }

    [Fact]
    public void Concurrent_puts_and_gets_stay_consistent()
    {
        using var dir = new TempDirectory();
        using var cache = EmbeddingCache.Open(dir.Path, Key, Length);

        Parallel.For(0, 400, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            var hash = EmbeddingCache.HashText($"t{i % 100}");
            cache.Put(hash, VectorFor(i % 100));
            var destination = new float[Length];
            Assert.True(cache.TryGet(hash, destination));
            Assert.Equal(VectorFor(i % 100), destination);
        });

        Assert.Equal(100, cache.Count);
    }
}
