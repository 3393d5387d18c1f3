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
    /// Whether JSON properties other than text, label and split are skipped (files exported from other
    /// tools carry ids) rather than refused (an API refuses what it does not know).
    /// </summary>
    public bool IgnoreUnknownFields { get; init; }

    /// <summary>Whether a row may lack a label (unlabelled imports): a missing or empty label gives Label = "".</summary>
    public bool LabelOptional { get; init; }
}
