using System.CommandLine;
using LLMEmbed.Formats;

namespace LLMEmbed.Cli.Client;

/// <summary>The import options that say how a CSV file lays out its columns (CRM and spreadsheet exports).</summary>
internal sealed class CsvColumnOptions
{
    private readonly Option<string?> _text = new("--text-column") { Description = "CSV text column: header name (default text), or 1-based position with --no-header (default 1)" };
    private readonly Option<string?> _label = new("--label-column") { Description = "CSV label column: header name (default label), or 1-based position with --no-header (default 2)" };
    private readonly Option<string?> _separator = new("--separator") { Description = "CSV separator: , ; or tab (default: detected from the first line)" };
    private readonly Option<bool> _noHeader = new("--no-header") { Description = "The CSV file has no header line; columns are chosen by position" };

    public void AddTo(Command command)
    {
        command.Options.Add(_text);
        command.Options.Add(_label);
        command.Options.Add(_separator);
        command.Options.Add(_noHeader);
    }

    /// <summary>The reader options the flags give; a bad flag throws ArgumentException naming it.</summary>
    public LabeledRowReaderOptions Read(ParseResult p)
    {
        char? separator;
        try { separator = p.GetValue(_separator) is { } s ? CsvSeparator.Parse(s) : null; }
        catch (ArgumentException e) { throw new ArgumentException($"--separator: {e.Message}", e); }
        var options = new LabeledRowReaderOptions
        {
            IgnoreUnknownFields = true,
            TextColumn = p.GetValue(_text),
            LabelColumn = p.GetValue(_label),
            Separator = separator,
            NoHeader = p.GetValue(_noHeader),
        };
        try { LabeledRowReader.ValidateCsvOptions(options); }
        catch (ArgumentException e) { throw new ArgumentException($"--text-column/--label-column: {e.Message}", e); }
        return options;
    }
}
