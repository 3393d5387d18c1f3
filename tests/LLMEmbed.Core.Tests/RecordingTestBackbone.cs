using LLMEmbed.Core.Backbones;
using LLMEmbed.Core.Models;
using LLMEmbed.Core.Pooling;

namespace LLMEmbed.Core.Tests;

/// <summary>
/// A deterministic backbone for batching tests: vector of (sequence, tap) is
/// [sum of ids + tap, length, (int)pooling]. Records every batch; runs can be held by a gate.
/// </summary>
internal sealed class RecordingTestBackbone : IBackbone
{
    public const int Hidden = 3;
    private readonly object _lock = new();
    private readonly List<int[][]> _batches = [];

    public RecordingTestBackbone(string id = "test-backbone", int layers = 4)
    {
        Manifest = new BackboneManifest
        {
            Id = id,
            Architecture = BackboneArchitecture.Encoder,
            Layers = layers,
            HiddenSize = Hidden,
            MaxTokens = 512,
            Tokenizer = new TokenizerSpec { Kind = TokenizerKind.BertWordPiece, Vocab = "vocab.txt" },
            Source = new ModelSource { Kind = ModelSourceKind.File },
        };
    }

    /// <summary>When set, each Run blocks until the gate opens (lets tests pile requests up).</summary>
    public ManualResetEventSlim? Gate { get; set; }

    /// <summary>Set once a Run has started (and possibly blocked on the gate).</summary>
    public ManualResetEventSlim Entered { get; } = new(false);

    public Exception? FailWith { get; set; }

    public BackboneManifest Manifest { get; }
    public string ExecutionProvider => "cpu";
    public bool Disposed { get; private set; }

    public IReadOnlyList<int[][]> Batches { get { lock (_lock) return _batches.ToList(); } }

    public static float[] Expected(int[] ids, int tap, PoolingKind pooling) => [ids.Sum() + tap, ids.Length, (int)pooling];

    public PooledLayers Run(TokenBatch batch, IReadOnlyList<int> taps, PoolingKind pooling)
    {
        var sequences = Enumerable.Range(0, batch.Count).Select(i => batch.Sequence(i).ToArray()).ToArray();
        lock (_lock) _batches.Add(sequences);
        Entered.Set();
        Gate?.Wait(TimeSpan.FromSeconds(30));
        if (FailWith is not null) throw FailWith;
        var data = new float[batch.Count * taps.Count * Hidden];
        for (var s = 0; s < batch.Count; s++)
            for (var t = 0; t < taps.Count; t++)
                Expected(sequences[s], taps[t], pooling).CopyTo(data, (s * taps.Count + t) * Hidden);
        return new PooledLayers(batch.Count, taps.Count, Hidden, data);
    }

    public void Dispose() => Disposed = true;
}
