namespace LLMEmbed.Core.ZeroShot;

/// <summary>
/// Classifies by similarity to label descriptions: each label is the L2-normalised mean of its description
/// sentence vectors (one sentence or several examples, embedded through the same path as the texts), and a
/// text's probabilities are the softmax of <see cref="Scale"/> times its cosine to each label. The scale is a
/// temperature: cosines between sentence means sit in a narrow band (about 0.0-0.6 for MiniLM), so an
/// unscaled softmax would be almost uniform; 20 spreads a 0.1 cosine gap to a 7:1 odds ratio.
/// </summary>
public sealed class ZeroShotScorer
{
    /// <summary>Default softmax scale over cosines.</summary>
    public const float DefaultScale = 20f;

    private readonly float[][] _labelVectors;

    private ZeroShotScorer(string[] labels, float[][] labelVectors, float scale)
    {
        Labels = labels;
        _labelVectors = labelVectors;
        Scale = scale;
    }

    public IReadOnlyList<string> Labels { get; }
    public float Scale { get; }
    public int Dimension => _labelVectors[0].Length;

    /// <summary>
    /// Builds the scorer from each label's description sentence vectors (all of one dimension).
    /// </summary>
    public static ZeroShotScorer Create(IReadOnlyDictionary<string, IReadOnlyList<float[]>> sentenceVectors, float scale = DefaultScale)
    {
        ArgumentNullException.ThrowIfNull(sentenceVectors);
        if (sentenceVectors.Count < 2) throw new ArgumentException("Zero-shot needs descriptions for at least two labels.", nameof(sentenceVectors));
        if (!(scale > 0) || float.IsInfinity(scale)) throw new ArgumentOutOfRangeException(nameof(scale), "Scale must be a positive finite number.");
        var labels = sentenceVectors.Keys.Order(StringComparer.Ordinal).ToArray();
        var dimension = -1;
        var vectors = new float[labels.Length][];
        for (var l = 0; l < labels.Length; l++)
        {
            var sentences = sentenceVectors[labels[l]];
            if (sentences.Count == 0) throw new ArgumentException($"Label '{labels[l]}' has no description vectors.", nameof(sentenceVectors));
            var mean = new float[sentences[0].Length];
            foreach (var sentence in sentences)
            {
                if (sentence.Length != mean.Length || (dimension >= 0 && sentence.Length != dimension))
                    throw new ArgumentException($"Label '{labels[l]}' has vectors of differing dimension.", nameof(sentenceVectors));
                Normalise(sentence, out var unit);
                for (var i = 0; i < mean.Length; i++) mean[i] += unit[i];
            }
            dimension = mean.Length;
            Normalise(mean, out vectors[l]);
        }
        return new ZeroShotScorer(labels, vectors, scale);
    }

    /// <summary>The L2-normalised mean of the L2-normalised vectors: one label's direction from its description sentences.</summary>
    public static float[] MeanDirection(IReadOnlyList<float[]> vectors)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        if (vectors.Count == 0) throw new ArgumentException("At least one vector is required.", nameof(vectors));
        var mean = new float[vectors[0].Length];
        foreach (var vector in vectors)
        {
            if (vector.Length != mean.Length) throw new ArgumentException("Vectors differ in dimension.", nameof(vectors));
            Normalise(vector, out var unit);
            for (var i = 0; i < mean.Length; i++) mean[i] += unit[i];
        }
        Normalise(mean, out var result);
        return result;
    }

    /// <summary>Cosine of <paramref name="vector"/> to each label, in <see cref="Labels"/> order.</summary>
    public float[] Cosines(ReadOnlySpan<float> vector)
    {
        if (vector.Length != Dimension) throw new ArgumentException($"Expected a {Dimension}-dimensional vector, got {vector.Length}.", nameof(vector));
        var norm = MathF.Sqrt(Dot(vector, vector));
        var cosines = new float[_labelVectors.Length];
        for (var l = 0; l < cosines.Length; l++)
            cosines[l] = norm > 0 ? Dot(vector, _labelVectors[l]) / norm : 0f;
        return cosines;
    }

    /// <summary>Softmax of scaled cosines, in <see cref="Labels"/> order; sums to 1.</summary>
    public float[] Probabilities(ReadOnlySpan<float> vector)
    {
        var scores = Cosines(vector);
        var max = scores.Max();
        var sum = 0f;
        for (var l = 0; l < scores.Length; l++) sum += scores[l] = MathF.Exp(Scale * (scores[l] - max));
        for (var l = 0; l < scores.Length; l++) scores[l] /= sum;
        return scores;
    }

    /// <summary>The most similar label.</summary>
    public string Predict(ReadOnlySpan<float> vector)
    {
        var cosines = Cosines(vector);
        var best = 0;
        for (var l = 1; l < cosines.Length; l++) if (cosines[l] > cosines[best]) best = l;
        return Labels[best];
    }

    private static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => System.Numerics.Tensors.TensorPrimitives.Dot(a, b);

    private static void Normalise(float[] vector, out float[] unit)
    {
        var norm = MathF.Sqrt(Dot(vector, vector));
        unit = new float[vector.Length];
        if (norm > 0) for (var i = 0; i < vector.Length; i++) unit[i] = vector[i] / norm;
    }
}
