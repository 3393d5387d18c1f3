using System.Globalization;
using LLMEmbed.Core.Backbones;
using LLMEmbed.Core.Evaluation;
using LLMEmbed.Core.Heads;
using LLMEmbed.Core.Pooling;
using LLMEmbed.Grains.Abstractions.Backbones;
using LLMEmbed.Grains.Abstractions.Tenants;

namespace LLMEmbed.Grains.Backbones;

/// <summary>The one place where grain contracts (backbone and tenant) meet Core's types.</summary>
public static class ContractMapping
{
    public static PoolingKind ToCore(this PoolingContract pooling) => pooling switch
    {
        PoolingContract.Mean => PoolingKind.Mean,
        PoolingContract.First => PoolingKind.First,
        PoolingContract.Last => PoolingKind.Last,
        PoolingContract.Max => PoolingKind.Max,
        PoolingContract.UnmaskedMean => PoolingKind.UnmaskedMean,
        _ => throw new ArgumentOutOfRangeException(nameof(pooling), pooling, "Unknown pooling."),
    };

    public static PoolingContract ToContract(this PoolingKind pooling) => pooling switch
    {
        PoolingKind.Mean => PoolingContract.Mean,
        PoolingKind.First => PoolingContract.First,
        PoolingKind.Last => PoolingContract.Last,
        PoolingKind.Max => PoolingContract.Max,
        PoolingKind.UnmaskedMean => PoolingContract.UnmaskedMean,
        _ => throw new ArgumentOutOfRangeException(nameof(pooling), pooling, "Unknown pooling."),
    };

    public static EmbeddingBlob ToBlob(this PooledLayers layers, EmbeddingPrecision precision) =>
        EmbeddingBlob.Pack(layers.Sequences, layers.Taps, layers.Hidden, layers.Data, precision);

    public static PooledLayers ToPooledLayers(this EmbeddingBlob blob) =>
        new(blob.Sequences, blob.Taps, blob.Hidden, blob.Unpack());

    public static HeadKind ToCore(this HeadKindContract kind) => kind switch
    {
        HeadKindContract.LogReg => HeadKind.LogReg,
        HeadKindContract.Mlp => HeadKind.Mlp,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown head kind."),
    };

    public static HeadKindContract ToContract(this HeadKind kind) => kind switch
    {
        HeadKind.LogReg => HeadKindContract.LogReg,
        HeadKind.Mlp => HeadKindContract.Mlp,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown head kind."),
    };

    /// <summary>What a trained head records about its regularisation, as the tenant's head versions show it.</summary>
    public static HeadTuning ToTuning(this HeadTrainingInfo training) =>
        new(training.L2, training.Dropout, training.CvAccuracy, training.Selection);

    /// <summary>
    /// The class key a head is trained on for a tenant label: the label's position in the tenant's label
    /// list (not its name), so renames never invalidate a head.
    /// </summary>
    public static string ToClassKey(int label) => label.ToString(CultureInfo.InvariantCulture);

    public static int ToLabelIndex(string classKey) => int.Parse(classKey, NumberStyles.None, CultureInfo.InvariantCulture);

    /// <summary>For each class of the head, in its order, the tenant label it stands for.</summary>
    public static int[] ClassLabels(this Head head) => head.Labels.Select(ToLabelIndex).ToArray();

    /// <summary>A holdout report over class keys, with the labels named as the tenant names them now.</summary>
    public static HoldoutMetrics ToHoldoutMetrics(this ClassificationReport report, IReadOnlyList<LabelInfo> labels, string scoredBy) =>
        new(report.Accuracy, report.MacroF1, report.Count, report.Labels.Select(k => labels[ToLabelIndex(k)].Name).ToArray(),
            report.ConfusionMatrix.SelectMany(r => r).ToArray(), scoredBy);
}
