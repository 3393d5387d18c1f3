using LLMEmbed.Core;
using LLMEmbed.Core.Backbones;
using LLMEmbed.Core.Models;
using LLMEmbed.Core.Pooling;

public sealed class DecoderBackboneTests : IDisposable
{
    /// <summary>A pad with a non-zero embedding, so any pad that leaks into pooling changes the result.</summary>
    private const int PadId = 5;

    private readonly string _directory = Directory.CreateTempSubdirectory("llmembed-decoder-").FullName;
    private readonly BackboneManifest _manifest;
    private readonly ModelFiles _files;

    public DecoderBackboneTests()
    {
        var modelPath = Path.Combine(_directory, "decoder.onnx");
        SyntheticDecoderGraph.Write(modelPath);
        File.WriteAllText(Path.Combine(_directory, "tokenizer.model"), "placeholder: the tokenizer is not used here");
        _manifest = new BackboneManifest
        {
            Id = "synthetic-decoder",
            Architecture = BackboneArchitecture.Decoder,
            Layers = 2,
            HiddenSize = 2,
            MaxTokens = SyntheticDecoderGraph.Positions,
            Tokenizer = new TokenizerSpec { Kind = TokenizerKind.SentencePiece, Vocab = "tokenizer.model", PadId = PadId },
            DefaultPooling = PoolingKind.Last,
            Padding = PaddingSide.Left,
            Source = new ModelSource
            {
                Kind = ModelSourceKind.File,
                ModelPath = modelPath,
                VocabPath = Path.Combine(_directory, "tokenizer.model"),
            },
            Onnx = new OnnxSpec
            {
                TokenTypeIds = null,
                PositionIds = "position_ids",
                TapMode = ManifestValidator.TapModeOutputs,
                TapOutputs = ["hidden_0", "hidden_1", "hidden_2"],
                LastHiddenState = null,
            },
        };
        ManifestValidator.Validate(_manifest, "in-test manifest");
        // The store handles file sources in place and takes tap names from the manifest.
        _files = new ModelStore(new LLMEmbedPaths(Path.Combine(_directory, "cache"))).Ensure(_manifest);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Store_uses_file_source_in_place()
    {
        Assert.Equal(_manifest.Source.ModelPath, _files.TappedModelPath);
        Assert.Equal(["hidden_0", "hidden_1", "hidden_2"], _files.TapOutputNames);
    }

    [Fact]
    public void Left_padded_last_token_pooling_matches_hand_computed_values()
    {
        using var backbone = OnnxBackbone.Create(_manifest, _files);
        int[][] sequences = [[3, 1], [2, 5, 4, 1]];
        var pooled = backbone.Run(TokenBatch.FromSequences(sequences), [0, 1, 2], PoolingKind.Last);

        for (var s = 0; s < sequences.Length; s++)
        {
            var ids = sequences[s];
            var last = ids.Length - 1;
            // Positions count real tokens only: a left-padded text still starts at position 0.
            var h0 = Hidden0(ids[last], last);
            var h1 = (2 * h0.Item1 + 1, 2 * h0.Item2 + 1);
            // Left padding puts the pads first; each adds 2 * (E[pad] + P[0]) (mask 0) to the running sum.
            var pads = 4 - ids.Length;
            var padHidden0 = Hidden0(PadId, 0);
            var h2 = (pads * 2 * padHidden0.Item1, pads * 2 * padHidden0.Item2);
            for (var t = 0; t < ids.Length; t++)
            {
                var h = Hidden0(ids[t], t);
                h2 = (h2.Item1 + 2 * h.Item1 + 1, h2.Item2 + 2 * h.Item2 + 1);
            }
            AssertVector(h0, pooled.Vector(s, 0));
            AssertVector(h1, pooled.Vector(s, 1));
            AssertVector(h2, pooled.Vector(s, 2));
        }
    }

    [Fact]
    public void Store_reports_a_file_source_as_ready()
    {
        Assert.True(new ModelStore(new LLMEmbedPaths(Path.Combine(_directory, "cache"))).GetState(_manifest).Ready);
    }

    [Fact]
    public void Mean_pooling_over_left_padding_ignores_pads()
    {
        using var backbone = OnnxBackbone.Create(_manifest, _files);
        int[][] sequences = [[3, 1], [2, 5, 4, 1]];
        var pooled = backbone.Run(TokenBatch.FromSequences(sequences), [0], PoolingKind.Mean);
        var expected = (0f, 0f);
        for (var t = 0; t < 2; t++) expected = (expected.Item1 + Hidden0(sequences[0][t], t).Item1 / 2, expected.Item2 + Hidden0(sequences[0][t], t).Item2 / 2);
        AssertVector(expected, pooled.Vector(0, 0));
    }

    [Fact]
    public void Missing_tap_output_is_reported_at_load()
    {
        var files = _files with { TapOutputNames = ["hidden_0", "hidden_1", "hidden_9"] };
        var error = Assert.Throws<InvalidDataException>(() => OnnxBackbone.Create(_manifest, files));
        Assert.Contains("hidden_9", error.Message);
    }

    private static (float, float) Hidden0(int id, int position) =>
        (SyntheticDecoderGraph.Embedding(id).Item1 + SyntheticDecoderGraph.Position(position).Item1,
         SyntheticDecoderGraph.Embedding(id).Item2 + SyntheticDecoderGraph.Position(position).Item2);

    private static void AssertVector((float, float) expected, ReadOnlySpan<float> actual)
    {
        Assert.Equal(2, actual.Length);
        Assert.Equal(expected.Item1, actual[0], 1e-5f);
        Assert.Equal(expected.Item2, actual[1], 1e-5f);
    }
}
