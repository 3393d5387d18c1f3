namespace LLMEmbed.Formats;

/// <summary>The file formats of labelled rows that users bring (CLI files and HTTP import bodies alike).</summary>
public enum LabeledRowFormat
{
    /// <summary>One object per line: <c>{"text": ..., "label": ...[, "split": ...]}</c> (Cohere), labels for named tasks in <c>"labels": {"task": "label" or ["labels"]}</c>, or Vertex AI's <c>textContent</c> + annotation; blank lines are skipped.</summary>
    Jsonl,

    /// <summary>A header naming the text and label columns (or none, by position), separator , ; or tab, then RFC 4180 records (quoted fields may hold separators, quotes and line breaks).</summary>
    Csv,
}
