using LLMEmbed.Formats;
using LLMEmbed.Grains.Abstractions.Errors;
using Microsoft.AspNetCore.Http;

namespace LLMEmbed.Gateway.Http;

/// <summary>The query parameters of an HTTP import, each refused with a 400 naming it when bad.</summary>
internal static class ImportQuery
{
    /// <summary>A true/false flag; absent is false.</summary>
    public static bool Flag(IQueryCollection query, string name) => query[name].ToString() switch
    {
        "" or "false" => false,
        "true" => true,
        var other => throw new InvalidRequestException($"{name} must be true or false, got \"{other}\".", name),
    };

    /// <summary>The CSV layout: text_column, label_column (names, or 1-based positions with no_header=true), separator (, ; or tab).</summary>
    public static LabeledRowReaderOptions CsvColumns(IQueryCollection query)
    {
        string? Text(string name) => query[name].ToString() is { Length: > 0 } value ? value : null;
        char? separator = null;
        if (Text("separator") is { } s)
        {
            try { separator = CsvSeparator.Parse(s); }
            catch (ArgumentException e) { throw new InvalidRequestException($"separator: {e.Message}", "separator"); }
        }
        var options = new LabeledRowReaderOptions
        {
            TextColumn = Text("text_column"),
            LabelColumn = Text("label_column"),
            Separator = separator,
            NoHeader = Flag(query, "no_header"),
        };
        try { LabeledRowReader.ValidateCsvOptions(options); }
        catch (ArgumentException e) { throw new InvalidRequestException($"text_column/label_column: {e.Message}", "text_column"); }
        return options;
    }
}
