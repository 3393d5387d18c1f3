namespace LLMEmbed.Core.Data;

/// <summary>One labelled example. <see cref="Split"/> is <see cref="DataSplit.Train"/>,
/// <see cref="DataSplit.Test"/>, or null when the source did not say.</summary>
public sealed record LabeledText(string Text, string Label, string? Split = null)
{
    /// <summary>1-based line in the source file where the row is (its first line for a CSV row spanning several); 0 when not read from a file.</summary>
    public long Line { get; init; }

    /// <summary>The row's labels for a tenant's named tasks (JSONL "labels"), for import; null when it has none. Datasets ignore them.</summary>
    public IReadOnlyList<LLMEmbed.Formats.RowTaskLabels>? Tasks { get; init; }
}
