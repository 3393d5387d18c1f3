using System.Collections.Concurrent;
using LLMEmbed.Core.Backbones;
using LLMEmbed.Core.Models;
using LLMEmbed.Core.Pooling;
using LLMEmbed.Core.Tokenization;

namespace LLMEmbed.Cluster.Tests;

/// <summary>
/// Deterministic backbones for cluster tests, one factory instance shared by every silo of the
/// in-process cluster so tests can reach the backbone objects (gates, recorded batches).
/// Ids starting with "gated" block each model run until the test opens their gate.
/// </summary>
public sealed class TestBackboneFactory(TimeSpan runDelay = default) : IBackboneFactory
{
    public ConcurrentDictionary<string, TestBackbone> Created { get; } = new();

    /// <summary>Every id any factory of this process has created: like a real catalog, the same list on every silo.</summary>
    public IReadOnlyList<string> BackboneIds => KnownIds.Keys.Order(StringComparer.Ordinal).ToList();

    private static readonly ConcurrentDictionary<string, bool> KnownIds = new(StringComparer.Ordinal);

    public BackboneManifest Manifest(string backboneId) => TestBackbone.ManifestOf(backboneId);

    public IBackbone Create(string backboneId)
    {
        KnownIds[backboneId] = true;
        return Created.GetOrAdd(backboneId, id => new TestBackbone(id, gated: id.StartsWith("gated", StringComparison.Ordinal), runDelay));
    }

    public ITextTokenizer CreateTokenizer(string backboneId) => new CharacterTokenizer();

    /// <summary>One token per character between [CLS] and [SEP] (the manifest's limit is 128 tokens).</summary>
    private sealed class CharacterTokenizer : ITextTokenizer
    {
        public int PadId => 0;

        public int[] Encode(string text, int maxTokens, out bool truncated)
        {
            truncated = text.Length > maxTokens - 2;
            return [101, .. text.Take(maxTokens - 2).Select(c => 1000 + c), 102];
        }

        public int CountTokens(string text) => text.Length + 2;
    }
}

/// <summary>Vector of (sequence, tap) = [sum of ids + tap, length, pooling, 0, ...].</summary>
public sealed class TestBackbone : IBackbone
{
    public const int Hidden = 8;
    private readonly object _lock = new();
    private readonly List<int> _batchSizes = [];

    private readonly TimeSpan _runDelay;

    /// <param name="runDelay">Time each model run takes, so concurrent callers pile up and batch as on a real model.</param>
    public TestBackbone(string id, bool gated, TimeSpan runDelay = default)
    {
        _runDelay = runDelay;
        Gate = new ManualResetEventSlim(!gated);
        Manifest = ManifestOf(id);
    }

    public static BackboneManifest ManifestOf(string id) => new()
    {
            Id = id,
            Architecture = BackboneArchitecture.Encoder,
            Layers = 6,
            HiddenSize = Hidden,
            MaxTokens = 128,
            Tokenizer = new TokenizerSpec { Kind = TokenizerKind.BertWordPiece, Vocab = "vocab.txt" },
            Source = new ModelSource { Kind = ModelSourceKind.File },
    };

    public ManualResetEventSlim Gate { get; }
    public ManualResetEventSlim Entered { get; } = new(false);
    public BackboneManifest Manifest { get; }
    public string ExecutionProvider => "cpu";
    public IReadOnlyList<int> BatchSizes { get { lock (_lock) return _batchSizes.ToList(); } }

    public static float[] Expected(int[] ids, int tap, PoolingKind pooling)
    {
        var vector = new float[Hidden];
        vector[0] = ids.Sum() + tap;
        vector[1] = ids.Length;
        vector[2] = (int)pooling;
        return vector;
    }

    public PooledLayers Run(TokenBatch batch, IReadOnlyList<int> taps, PoolingKind pooling)
    {
        lock (_lock) _batchSizes.Add(batch.Count);
        Entered.Set();
        Gate.Wait(TimeSpan.FromSeconds(30));
        if (_runDelay > TimeSpan.Zero) Thread.Sleep(_runDelay);
        var data = new float[batch.Count * taps.Count * Hidden];
        for (var s = 0; s < batch.Count; s++)
            for (var t = 0; t < taps.Count; t++)
                Expected(batch.Sequence(s).ToArray(), taps[t], pooling).CopyTo(data, (s * taps.Count + t) * Hidden);
        return new PooledLayers(batch.Count, taps.Count, Hidden, data);
    }

    public void Dispose() => Gate.Set();
}
