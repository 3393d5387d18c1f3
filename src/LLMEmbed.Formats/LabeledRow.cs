namespace LLMEmbed.Formats;

/// <summary>
/// One row as the file has it. <see cref="Text"/> and <see cref="Label"/> are not checked for blanks
/// and <see cref="Split"/> is not interpreted: what a row may say is the reader's caller's rule.
/// A numeric JSON label keeps its JSON spelling; an empty CSV split field is null (no split).
/// </summary>
/// <param name="Line">1-based line where the row starts (a CSV row may span several).</param>
/// <param name="Label">The default task's label; "" when the row labels only named tasks (see <paramref name="Tasks"/>).</param>
/// <param name="Tasks">The row's labels for named tasks (JSONL "labels"), in file order; null when it has none.</param>
public sealed record LabeledRow(string Text, string Label, string? Split, long Line, IReadOnlyList<RowTaskLabels>? Tasks = null);

/// <summary>
/// A row's labels for one named task, as the file spells them: a string is one label, a list any number
/// (an empty list = "none of these" for a multi-label task). Whether the task takes one or many is the tenant's rule.
/// </summary>
public sealed record RowTaskLabels(string Task, IReadOnlyList<string> Labels);
