using LLMEmbed.Core.Heads;
using LLMEmbed.Core.Sampling;

namespace LLMEmbed.Core.Labelling;

/// <summary>Settings of one simulated labelling loop.</summary>
public sealed record LabellingSimulationOptions(int Start = 16, int Batch = 20, int Rounds = 10, int Seeds = 5)
{
    public SuggestionOptions Suggestion { get; init; } = new();

    /// <summary>Rounds at the start that pick at random (as the random arm does) before suggestions take over; 0 = none.</summary>
    public int WarmupRounds { get; init; }

    /// <summary>Head options of every retrain (the tenant trainer's defaults: logistic head, L2 by CV).</summary>
    public HeadOptions Head { get; init; } = new(HeadKind.LogReg);

    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Start, 2, nameof(Start));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Batch, nameof(Batch));
        if (Batch > SuggestionOptions.MaxCount)
            throw new ArgumentOutOfRangeException(nameof(Batch), Batch, $"A batch is at most {SuggestionOptions.MaxCount} suggestions.");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Rounds, nameof(Rounds));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Seeds, nameof(Seeds));
        ArgumentOutOfRangeException.ThrowIfNegative(WarmupRounds, nameof(WarmupRounds));
    }
}

/// <summary>Test accuracy after each round (index 0 = the start set) per seed, for one picking strategy.</summary>
public sealed record LabellingCurve(string Strategy, double[][] AccuracyPerSeed)
{
    public int Points => AccuracyPerSeed[0].Length;
    public double Mean(int round) => AccuracyPerSeed.Average(s => s[round]);
    public double StdDev(int round)
    {
        double m = Mean(round);
        return AccuracyPerSeed.Length < 2 ? 0 : Math.Sqrt(AccuracyPerSeed.Sum(s => (s[round] - m) * (s[round] - m)) / (AccuracyPerSeed.Length - 1));
    }

    /// <summary>Mean accuracy over all rounds, averaged over seeds (the curve's normalised area).</summary>
    public double MeanArea => AccuracyPerSeed.Average(s => s.Average());
    public double FinalAccuracy => Mean(Points - 1);
}

/// <summary>
/// The labelling loop on a dataset with known labels: start from a stratified random labelled set, each round
/// pick a batch from the rest of the training pool (suggestions, or at random), reveal their true labels,
/// retrain the head from scratch on everything labelled so far and score it on the test set. Both strategies
/// share each seed's start set; seeds vary the start and the random picks.
/// </summary>
public static class LabellingSimulation
{
    public static (LabellingCurve Suggested, LabellingCurve Random) Run(
        IReadOnlyList<float[]> trainX, IReadOnlyList<string> trainLabels, IReadOnlyList<float[]> testX, IReadOnlyList<string> testLabels,
        LabellingSimulationOptions options, IProgress<string>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (trainX.Count != trainLabels.Count || testX.Count != testLabels.Count)
            throw new ArgumentException("Each vector needs exactly one label.");
        if (options.Start + options.Batch * options.Rounds > trainX.Count)
            throw new ArgumentException($"start + batch x rounds = {options.Start + options.Batch * options.Rounds} exceeds the {trainX.Count} training rows.");

        var suggested = new double[options.Seeds][];
        var random = new double[options.Seeds][];
        for (int s = 0; s < options.Seeds; s++)
        {
            int seed = options.Head.Seed + s;
            int[] start = StratifiedStart(trainLabels, options.Start, seed);
            suggested[s] = Loop(trainX, trainLabels, testX, testLabels, start, options, seed, useSuggestions: true, ct);
            progress?.Report($"seed {seed}: suggestions done");
            random[s] = Loop(trainX, trainLabels, testX, testLabels, start, options, seed, useSuggestions: false, ct);
            progress?.Report($"seed {seed}: random done");
        }
        return (new LabellingCurve("suggest", suggested), new LabellingCurve("random", random));
    }

    private static double[] Loop(IReadOnlyList<float[]> trainX, IReadOnlyList<string> trainLabels, IReadOnlyList<float[]> testX,
        IReadOnlyList<string> testLabels, int[] start, LabellingSimulationOptions options, int seed, bool useSuggestions, CancellationToken ct)
    {
        var labelled = new HashSet<int>(start);
        var order = new List<int>(start);
        var picker = new SeededRandom(SeededRandom.Mix((ulong)seed, 0x72616E64));
        var accuracy = new double[options.Rounds + 1];
        for (int round = 0; ; round++)
        {
            ct.ThrowIfCancellationRequested();
            var set = new TrainingSet(order.Select(i => trainX[i]).ToArray(), order.Select(i => trainLabels[i]).ToArray());
            Head head = HeadTrainer.Train(set, options.Head with { Seed = seed }, ct: ct).Head;
            accuracy[round] = Accuracy(head, testX, testLabels);
            if (round == options.Rounds) return accuracy;

            int[] pool = Enumerable.Range(0, trainX.Count).Where(i => !labelled.Contains(i)).ToArray();
            int[] picks;
            if (useSuggestions && round >= options.WarmupRounds)
            {
                var chosen = SuggestionSelector.Select(pool.Select(i => trainX[i]).ToArray(), head, options.Batch,
                    options.Suggestion with { Seed = seed + round });
                picks = chosen.Select(c => pool[c.Index]).ToArray();
            }
            else
            {
                picker.Shuffle(pool.AsSpan());
                picks = pool[..options.Batch];
            }
            foreach (int i in picks)
                if (labelled.Add(i)) order.Add(i);
        }
    }

    private static double Accuracy(Head head, IReadOnlyList<float[]> testX, IReadOnlyList<string> testLabels)
    {
        int[] predicted = head.Predict(testX);
        int correct = 0;
        for (int i = 0; i < predicted.Length; i++)
            if (head.Labels[predicted[i]] == testLabels[i]) correct++;
        return (double)correct / predicted.Length;
    }

    /// <summary>Round-robin over labels (each label's rows shuffled), so every label gets a row while the start allows.</summary>
    internal static int[] StratifiedStart(IReadOnlyList<string> labels, int count, int seed)
    {
        var random = new SeededRandom(SeededRandom.Mix((ulong)seed, 0x7374617274));
        var groups = Enumerable.Range(0, labels.Count).GroupBy(i => labels[i], StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => { var rows = g.ToArray(); random.Shuffle(rows.AsSpan()); return new Queue<int>(rows); }).ToList();
        var start = new List<int>(count);
        while (start.Count < count)
            foreach (var g in groups)
                if (start.Count < count && g.Count > 0) start.Add(g.Dequeue());
        return [.. start];
    }
}
