namespace LLMEmbed.Formats;

/// <summary>
/// The one reader of labelled rows, for the CLI's files and the gateway's import bodies. Streams:
/// a row is yielded as soon as it is read, and no record longer than
/// <see cref="LabeledRowReaderOptions.MaxRecordBytes"/> is held. The first malformed record throws
/// <see cref="LabeledRowFormatException"/> naming its line, after the rows before it were yielded.
/// </summary>
public static class LabeledRowReader
{
    public static IAsyncEnumerable<LabeledRow> ReadAsync(TextReader reader, LabeledRowFormat format, LabeledRowReaderOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        options ??= new LabeledRowReaderOptions();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxRecordBytes);
        if (format == LabeledRowFormat.Csv) CsvColumns.Validate(options);
        return format switch
        {
            LabeledRowFormat.Jsonl => JsonlRows.ReadAsync(reader, options, cancellationToken),
            LabeledRowFormat.Csv => CsvRows.ReadAsync(reader, options, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown labelled row format"),
        };
    }

    /// <summary>Checks the CSV column options before any row is read; a bad one throws <see cref="ArgumentException"/>.</summary>
    public static void ValidateCsvOptions(LabeledRowReaderOptions options) => CsvColumns.Validate(options);
}
