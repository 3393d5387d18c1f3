namespace LLMEmbed.Core.Data;

/// <summary>One example of a multi-label dataset: its labels (sorted ordinal, distinct; empty = "none of these")
/// and its split (<see cref="DataSplit.Train"/> or <see cref="DataSplit.Test"/>).</summary>
public sealed record MultiLabelText(string Text, IReadOnlyList<string> Labels, string Split);
