using System.Globalization;

namespace LLMEmbed.Formats;

/// <summary>Where a CSV file keeps its text, label and split: 0-based indexes; -1 for a column it lacks.</summary>
internal sealed record CsvColumns(int Text, int Label, int Split)
{
    /// <summary>From a header line: names matched trimmed and case-insensitively, other columns ignored.</summary>
    public static CsvColumns FromHeader(IReadOnlyList<string> headers, LabeledRowReaderOptions options)
    {
        var names = headers.Select(h => h.Trim()).ToList();
        int IndexOf(string name) => names.FindIndex(n => n.Equals(name, StringComparison.OrdinalIgnoreCase));
        string textName = options.TextColumn ?? "text", labelName = options.LabelColumn ?? "label";
        int text = IndexOf(textName), label = IndexOf(labelName);
        var seen = $"the columns seen are '{string.Join("', '", headers)}'";
        if (text < 0 || (label < 0 && !options.LabelOptional))
        {
            var missing = text < 0 && label < 0 && !options.LabelOptional ? $"no '{textName}' or '{labelName}' column"
                : text < 0 ? $"no '{textName}' column" : $"no '{labelName}' column";
            throw new LabeledRowFormatException(1, "header",
                $"the header has {missing}; {seen}. Name the columns with --text-column/--label-column (text_column/label_column over HTTP), or use --no-header for a file without one.");
        }
        return new CsvColumns(text, label, IndexOf("split"));
    }

    /// <summary>Without a header: 1-based positions (text 1, label 2 unless given).</summary>
    public static CsvColumns FromPositions(LabeledRowReaderOptions options) =>
        new(Position(options.TextColumn, 1, "text"), Position(options.LabelColumn, 2, "label"), -1);

    /// <summary>Checks the column options before any row is read, so a bad one is the caller's error, not a row's.</summary>
    public static void Validate(LabeledRowReaderOptions options)
    {
        if (options.NoHeader)
        {
            var columns = FromPositions(options);
            if (columns.Text == columns.Label) throw new ArgumentException("the text and label columns must differ.");
        }
        else
        {
            if (options.TextColumn is { } t && string.IsNullOrWhiteSpace(t)) throw new ArgumentException("the text column name is blank.");
            if (options.LabelColumn is { } l && string.IsNullOrWhiteSpace(l)) throw new ArgumentException("the label column name is blank.");
            if (options.TextColumn is { } a && options.LabelColumn is { } b && a.Trim().Equals(b.Trim(), StringComparison.OrdinalIgnoreCase))
                throw new ArgumentException("the text and label columns must differ.");
        }
    }

    private static int Position(string? value, int fallback, string what)
    {
        if (value is null) return fallback - 1;
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1) return n - 1;
        throw new ArgumentException($"without a header the {what} column is a 1-based position, got \"{value}\".");
    }
}
