namespace LLMEmbed.Formats;

/// <summary>
/// One row as the file has it. <see cref="Text"/> and <see cref="Label"/> are not checked for blanks
/// and <see cref="Split"/> is not interpreted: what a row may say is the reader's caller's rule.
/// A numeric JSON label keeps its JSON spelling; an empty CSV split field is null (no split).
/// </summary>
/// <param name="Line">1-based line where the row starts (a CSV row may span several).</param>
public sealed record LabeledRow(string Text, string Label, string? Split, long Line);
