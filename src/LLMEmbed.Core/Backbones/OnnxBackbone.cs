using LLMEmbed.Core.Models;
using LLMEmbed.Core.Pooling;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace LLMEmbed.Core.Backbones;

/// <summary>
/// A frozen ONNX model whose graph outputs every tap. Run pads the flat batch (right for
/// encoders, left for decoders, per the manifest), fetches only the requested taps and pools
/// them. Thread-safe: ONNX Runtime sessions accept concurrent Run calls.
/// </summary>
public sealed class OnnxBackbone : IBackbone
{
    private readonly InferenceSession _session;
    private readonly string[] _tapOutputs;
    private readonly bool _feedAttentionMask;
    private readonly bool _feedTokenTypes;
    private readonly bool _feedPositions;
    private readonly int _padId;

    private OnnxBackbone(BackboneManifest manifest, InferenceSession session, string provider, string[] tapOutputs, int padId)
    {
        Manifest = manifest;
        _session = session;
        ExecutionProvider = provider;
        _tapOutputs = tapOutputs;
        _padId = padId;
        var inputs = session.InputMetadata;
        _feedAttentionMask = manifest.Onnx.AttentionMask is { } mask && inputs.ContainsKey(mask);
        _feedTokenTypes = manifest.Onnx.TokenTypeIds is { } types && inputs.ContainsKey(types);
        _feedPositions = manifest.Onnx.PositionIds is { } positions && inputs.ContainsKey(positions);
    }

    public BackboneManifest Manifest { get; }

    public string ExecutionProvider { get; }

    /// <summary>Loads <see cref="ModelFiles.TappedModelPath"/> and checks its inputs and tap outputs against the manifest.</summary>
    public static OnnxBackbone Create(BackboneManifest manifest, ModelFiles files, BackboneOptions? options = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(files);
        options ??= new BackboneOptions();
        OptionsCheck.ThrowIfInvalid(new BackboneOptionsValidator(), options, BackboneOptions.SectionName);
        if (files.TapOutputNames.Length != manifest.Layers + 1)
            throw new ArgumentException($"Backbone '{manifest.Id}' has {manifest.Layers} layers and needs {manifest.Layers + 1} tap outputs, got {files.TapOutputNames.Length}.", nameof(files));
        if (!File.Exists(files.TappedModelPath))
            throw new FileNotFoundException($"Tapped model of '{manifest.Id}' not found at '{files.TappedModelPath}'.", files.TappedModelPath);

        var (session, provider) = OnnxSessionFactory.Create(files.TappedModelPath, options, logger);
        try
        {
            CheckGraph(manifest, files, session);
        }
        catch
        {
            session.Dispose();
            throw;
        }
        logger?.LogInformation("Backbone {Id} loaded from {Path} on {Provider}.", manifest.Id, files.TappedModelPath, provider);
        return new OnnxBackbone(manifest, session, provider, files.TapOutputNames, manifest.Tokenizer.PadId);
    }

    public PooledLayers Run(TokenBatch batch, IReadOnlyList<int> taps, PoolingKind pooling)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(taps);
        if (taps.Count == 0) throw new ArgumentException("Ask for at least one tap.", nameof(taps));
        foreach (var tap in taps)
            if (tap < 0 || tap > Manifest.Layers)
                throw new ArgumentOutOfRangeException(nameof(taps), tap, $"Taps of '{Manifest.Id}' run 0..{Manifest.Layers}.");
        var count = batch.Count;
        var length = batch.MaxLength;
        if (length > Manifest.MaxTokens)
            throw new ArgumentException($"A sequence of {length} tokens exceeds '{Manifest.Id}' maxTokens {Manifest.MaxTokens}; truncate first.", nameof(batch));
        var hidden = Manifest.HiddenSize;
        var result = new float[count * taps.Count * hidden];
        if (count == 0) return new PooledLayers(0, taps.Count, hidden, result);

        var (ids, mask) = Pad(batch, length);
        var shape = new long[] { count, length };
        var names = new List<string>(4);
        var values = new List<OrtValue>(4);
        try
        {
            names.Add(Manifest.Onnx.InputIds);
            values.Add(OrtValue.CreateTensorValueFromMemory(ids, shape));
            if (_feedAttentionMask)
            {
                names.Add(Manifest.Onnx.AttentionMask!);
                values.Add(OrtValue.CreateTensorValueFromMemory(mask, shape));
            }
            if (_feedTokenTypes)
            {
                names.Add(Manifest.Onnx.TokenTypeIds!);
                values.Add(OrtValue.CreateTensorValueFromMemory(new long[count * length], shape));
            }
            if (_feedPositions)
            {
                names.Add(Manifest.Onnx.PositionIds!);
                values.Add(OrtValue.CreateTensorValueFromMemory(Positions(mask, count, length), shape));
            }

            var distinct = taps.Distinct().ToArray();
            var fetch = distinct.Select(t => _tapOutputs[t]).ToArray();
            using var runOptions = new RunOptions();
            using var outputs = _session.Run(runOptions, names, values, fetch);
            for (var d = 0; d < distinct.Length; d++)
            {
                var states = outputs[d].GetTensorDataAsSpan<float>();
                var outputShape = outputs[d].GetTensorTypeAndShape().Shape;
                if (outputShape.Length != 3 || outputShape[0] != count || outputShape[1] != length || outputShape[2] != hidden)
                    throw new InvalidDataException(
                        $"Tap output '{fetch[d]}' of '{Manifest.Id}' has shape [{string.Join(", ", outputShape)}], expected [{count}, {length}, {hidden}].");
                for (var position = 0; position < taps.Count; position++)
                {
                    if (taps[position] != distinct[d]) continue;
                    Pooler.Pool(states, mask, count, length, hidden, pooling,
                        result.AsSpan(position * hidden), taps.Count * hidden);
                }
            }
        }
        finally
        {
            foreach (var value in values) value.Dispose();
        }
        return new PooledLayers(count, taps.Count, hidden, result);
    }

    public void Dispose() => _session.Dispose();

    private (long[] Ids, long[] Mask) Pad(TokenBatch batch, int length)
    {
        var ids = new long[batch.Count * length];
        var mask = new long[batch.Count * length];
        if (_padId != 0) Array.Fill(ids, _padId);
        var left = Manifest.Padding == PaddingSide.Left;
        for (var b = 0; b < batch.Count; b++)
        {
            var sequence = batch.Sequence(b);
            var start = b * length + (left ? length - sequence.Length : 0);
            for (var t = 0; t < sequence.Length; t++)
            {
                ids[start + t] = sequence[t];
                mask[start + t] = 1;
            }
        }
        return (ids, mask);
    }

    /// <summary>Positions count real tokens only, so a left-padded sequence still starts at position 0.</summary>
    private static long[] Positions(long[] mask, int count, int length)
    {
        var positions = new long[mask.Length];
        for (var b = 0; b < count; b++)
        {
            long next = 0;
            for (var t = 0; t < length; t++)
            {
                var i = b * length + t;
                positions[i] = mask[i] != 0 ? next++ : 0;
            }
        }
        return positions;
    }

    private static void CheckGraph(BackboneManifest manifest, ModelFiles files, InferenceSession session)
    {
        if (!session.InputMetadata.ContainsKey(manifest.Onnx.InputIds))
            throw new InvalidDataException(
                $"'{files.TappedModelPath}' has no input '{manifest.Onnx.InputIds}' (onnx.inputIds of '{manifest.Id}'). Inputs: {string.Join(", ", session.InputMetadata.Keys)}.");
        var missing = files.TapOutputNames.Where(n => !session.OutputMetadata.ContainsKey(n)).ToArray();
        if (missing.Length > 0)
            throw new InvalidDataException(
                $"'{files.TappedModelPath}' lacks tap outputs {string.Join(", ", missing)} of '{manifest.Id}'. Outputs: {string.Join(", ", session.OutputMetadata.Keys)}.");
    }
}
