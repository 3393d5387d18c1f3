using System.Numerics.Tensors;
using LLMEmbed.Core.Sampling;

namespace LLMEmbed.Core.Heads;

/// <summary>
/// One mini-batch Adam training run: the epoch loop, evaluation on the validation rows and early stopping
/// (best weights restored). Resumable: <see cref="Advance"/> runs more epochs from where the last call stopped,
/// so a run trained in pieces is bitwise the run trained in one go (the L2 x dropout search relies on it).
/// </summary>
internal sealed class AdamRun
{
    private readonly HeadNetwork _network;
    private readonly TrainingSet _data;
    private readonly int[] _classes;
    private readonly Standardizer? _standardizer;
    private readonly HeadOptions _options;
    private readonly CancellationToken _ct;
    private readonly int _dop;
    private readonly int[] _batchClasses, _batchRows;
    private readonly float[][] _parameters, _gradients;
    private readonly int[] _trainRows, _validationRows, _order;
    private readonly int _maxEpochs, _patience;
    private readonly bool _earlyStopping;
    private readonly AdamOptimizer _adam;
    private readonly SeededRandom _shuffle;
    private readonly List<TrainingProgress> _history = [];
    private readonly float[][] _bestWeights, _bestBiases;
    private double _best = double.PositiveInfinity;
    private int _bestEpoch, _sinceBest, _epoch;
    private long _step;

    public AdamRun(HeadNetwork network, TrainingSet data, int[] classes, Standardizer? standardizer, HeadOptions options,
        int[] trainRows, int[] validationRows, int maxEpochs, bool earlyStopping, CancellationToken ct)
    {
        (_network, _data, _classes, _standardizer, _options, _ct) = (network, data, classes, standardizer, options, ct);
        (_trainRows, _validationRows, _maxEpochs, _earlyStopping) = (trainRows, validationRows, maxEpochs, earlyStopping);
        _dop = options.MaxDegreeOfParallelism;
        _batchClasses = new int[options.BatchSize];
        _batchRows = new int[options.BatchSize];
        _parameters = Interleave(network.Weights, network.Biases);
        _gradients = Interleave(network.WeightGrads, network.BiasGrads);
        _adam = new AdamOptimizer(_parameters, _dop);
        _shuffle = new SeededRandom(SeededRandom.Mix((ulong)options.Seed, HeadTrainer.ShuffleStream));
        _order = [.. trainRows];
        _bestWeights = network.CopyWeights();
        _bestBiases = network.CopyBiases();
        _patience = options.EffectivePatience(trainRows.Length);
    }

    /// <summary>The run has stopped early or reached its epoch cap; <see cref="Advance"/> does nothing more.</summary>
    private bool Finished { get; set; }

    private bool StoppedEarly { get; set; }

    /// <summary>Validation accuracy (0 when unknown) and loss at the best epoch so far: what the search ranks runs by.</summary>
    public (double Accuracy, double Loss) AtBest
    {
        get
        {
            if (_bestEpoch == 0) return (0, double.PositiveInfinity);
            TrainingProgress at = _history[_bestEpoch - 1];
            return (double.IsNaN(at.ValidationAccuracy) ? 0 : at.ValidationAccuracy, at.ValidationLoss);
        }
    }

    /// <summary>Runs up to <paramref name="epochs"/> more epochs, fewer when the run finishes first.</summary>
    public void Advance(int epochs, IProgress<TrainingProgress>? progress)
    {
        for (int e = 0; e < epochs && !Finished; e++)
        {
            RunEpoch(progress);
            if (_epoch >= _maxEpochs) Finished = true;
        }
    }

    /// <summary>The head of the best epoch (early stopping) or of the last one; the run cannot continue afterwards.</summary>
    public TrainingResult Finish(HeadKind kind, string[] labels)
    {
        Finished = true;
        int bestEpoch = _bestEpoch;
        double best = _best;
        if (_earlyStopping)
            _network.Restore(_bestWeights, _bestBiases);
        else
        {
            bestEpoch = _epoch;
            best = _history[^1].TrainLoss;
        }

        var layers = new DenseLayer[_network.LayerCount];
        for (int l = 0; l < layers.Length; l++)
            layers[l] = new DenseLayer(_network.Widths[l], _network.Widths[l + 1], (float[])_network.Weights[l].Clone(), (float[])_network.Biases[l].Clone());
        var info = new HeadTrainingInfo(_epoch, bestEpoch, best, _trainRows.Length, _options.Summary(),
            _options.L2 ?? 0f, _options.Dropout ?? 0f, double.NaN, "fixed");
        return new TrainingResult(new Head(kind, labels, _standardizer, layers, info), _history, StoppedEarly);
    }

    private void RunEpoch(IProgress<TrainingProgress>? progress)
    {
        _epoch++;
        _shuffle.Shuffle(_order.AsSpan());
        double lossSum = 0;
        for (int start = 0; start < _order.Length; start += _options.BatchSize)
        {
            _ct.ThrowIfCancellationRequested();
            int n = Math.Min(_options.BatchSize, _order.Length - start);
            Load(_order.AsSpan(start, n));
            _step++;
            _network.Forward(n, _options.Dropout ?? 0f, SeededRandom.Mix((ulong)_options.Seed, HeadTrainer.DropoutStream, (ulong)_step), _dop);
            lossSum += _network.CrossEntropy(n, _batchClasses.AsSpan(0, n), computeDelta: true);
            _network.Backward(n, _options.L2 ?? 0f, _dop);
            _adam.Step(_parameters, _gradients, _options.LearningRate);
        }
        double trainLoss = lossSum / _order.Length;
        if (!double.IsFinite(trainLoss))
            throw new InvalidOperationException($"Training diverged at epoch {_epoch} (loss {trainLoss}); lower HeadOptions.LearningRate.");

        (double validationLoss, double validationAccuracy) = _validationRows.Length > 0 ? Evaluate(_validationRows) : (double.NaN, double.NaN);
        double monitored = _validationRows.Length > 0 ? validationLoss : trainLoss;
        bool isBest = monitored < _best;
        bool significant = monitored < _best - _options.Tolerance;
        _sinceBest = significant ? 0 : _sinceBest + 1;
        if (isBest)
        {
            _best = monitored;
            _bestEpoch = _epoch;
            if (_earlyStopping)
            {
                CopyInto(_network.Weights, _bestWeights);
                CopyInto(_network.Biases, _bestBiases);
            }
        }

        var record = new TrainingProgress(_epoch, trainLoss, validationLoss, validationAccuracy, isBest);
        _history.Add(record);
        progress?.Report(record);
        if (_earlyStopping && _sinceBest >= _patience)
        {
            StoppedEarly = true;
            Finished = true;
        }
    }

    /// <summary>Mean cross-entropy and accuracy over the rows, without dropout.</summary>
    private (double Loss, double Accuracy) Evaluate(int[] rows)
    {
        double loss = 0;
        int correct = 0, classCount = _network.Classes;
        for (int start = 0; start < rows.Length; start += _options.BatchSize)
        {
            int n = Math.Min(_options.BatchSize, rows.Length - start);
            Load(rows.AsSpan(start, n));
            _network.Forward(n, 0f, 0, _dop);
            loss += _network.CrossEntropy(n, _batchClasses.AsSpan(0, n), computeDelta: false);
            float[] logits = _network.Logits;
            for (int r = 0; r < n; r++)
                if (TensorPrimitives.IndexOfMax(logits.AsSpan(r * classCount, classCount)) == _batchClasses[r])
                    correct++;
        }
        return (loss / rows.Length, (double)correct / rows.Length);
    }

    /// <summary>Copies (standardised) rows into the network's input buffer and their classes into the batch labels.</summary>
    private void Load(ReadOnlySpan<int> rows)
    {
        int n = rows.Length, dim = _data.Dimension;
        float[] input = _network.Input(n);
        int[] batchRows = _batchRows;
        rows.CopyTo(batchRows);
        TrainingSet data = _data;
        Standardizer? standardizer = _standardizer;
        DenseKernels.For(n, (long)n * dim, _dop, r =>
        {
            Span<float> destination = input.AsSpan(r * dim, dim);
            if (standardizer is null)
                data.Row(batchRows[r]).CopyTo(destination);
            else
                standardizer.Apply(data.Row(batchRows[r]), destination);
        });
        for (int r = 0; r < n; r++)
            _batchClasses[r] = _classes[batchRows[r]];
    }

    private static void CopyInto(float[][] source, float[][] destination)
    {
        for (int i = 0; i < source.Length; i++)
            source[i].CopyTo(destination[i], 0);
    }

    private static float[][] Interleave(float[][] weights, float[][] biases) =>
        weights.Zip(biases).SelectMany(p => new[] { p.First, p.Second }).ToArray();
}
