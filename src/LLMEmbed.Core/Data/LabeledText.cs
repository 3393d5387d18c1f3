namespace LLMEmbed.Core.Data;

/// <summary>One labelled example. <see cref="Split"/> is <see cref="DataSplit.Train"/>,
/// <see cref="DataSplit.Test"/>, or null when the source did not say.</summary>
public sealed record LabeledText(string Text, string Label, string? Split = null);
