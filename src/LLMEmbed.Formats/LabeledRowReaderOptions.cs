namespace LLMEmbed.Formats;

public sealed record LabeledRowReaderOptions
{
    /// <summary>
    /// The longest record, in UTF-8 bytes, that is read; a longer one throws instead of being held, so one
    /// endless line cannot exhaust memory. For CSV this is CsvHelper's bound, which may read a record of
    /// up to twice the limit when it is already buffered.
    /// </summary>
    public int MaxRecordBytes { get; init; } = int.MaxValue;

    /// <summary>
    /// Whether JSON properties other than text, label, labels and split are skipped (files exported from other
    /// tools carry ids) rather than refused (an API refuses what it does not know).
    /// </summary>
    public bool IgnoreUnknownFields { get; init; }

    /// <summary>
    /// Whether a row without a label (no label field or column, or an empty/null one, and no "labels") yields Label = ""
    /// rather than an error, for imports of unlabelled rows.
    /// </summary>
    public bool LabelOptional { get; init; }

    /// <summary>
    /// CSV: the text column, by header name (case-insensitive; null = "text"), or with <see cref="NoHeader"/>
    /// by 1-based position (null = 1).
    /// </summary>
    public string? TextColumn { get; init; }

    /// <summary>CSV: the label column, by header name (null = "label") or, with <see cref="NoHeader"/>, 1-based position (null = 2).</summary>
    public string? LabelColumn { get; init; }

    /// <summary>CSV: the field separator; null = detected from the first line (<c>,</c> <c>;</c> or tab).</summary>
    public char? Separator { get; init; }

    /// <summary>CSV: the file has no header line, so columns are chosen by position.</summary>
    public bool NoHeader { get; init; }
}
