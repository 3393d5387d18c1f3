namespace LLMEmbed.Formats;

/// <summary>The file formats of labelled rows that users bring (CLI files and HTTP import bodies alike).</summary>
public enum LabeledRowFormat
{
    /// <summary>One <c>{"text": ..., "label": ...[, "split": ...]}</c> object per line; blank lines are skipped.</summary>
    Jsonl,

    /// <summary>Header <c>text,label[,split]</c>, then RFC 4180 records (quoted fields may hold commas, quotes and line breaks).</summary>
    Csv,
}
