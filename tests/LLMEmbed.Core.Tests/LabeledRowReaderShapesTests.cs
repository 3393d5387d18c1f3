using LLMEmbed.Formats;

namespace LLMEmbed.Core.Tests;

/// <summary>The export shapes users move in with: Cohere, Vertex AI, and CSV from CRMs and spreadsheets.</summary>
public class LabeledRowReaderShapesTests
{
    [Fact]
    public async Task Cohere_jsonl_and_csv_import_as_written()
    {
        Assert.Equal([new LabeledRow("great", "pos", null, 1)], await ReadAsync("{\"text\":\"great\",\"label\":\"pos\"}\n", LabeledRowFormat.Jsonl));
        Assert.Equal([new LabeledRow("great", "pos", null, 2)], await ReadAsync("text,label\ngreat,pos\n", LabeledRowFormat.Csv));
    }

    [Fact]
    public async Task Vertex_rows_take_textContent_and_the_one_display_name_ignoring_other_fields()
    {
        var body = "{\"textContent\":\"a\",\"classificationAnnotation\":{\"displayName\":\"x\",\"annotationResourceLabels\":{}},\"dataItemResourceLabels\":{\"ml_use\":\"training\"}}\n"
            + "{\"classificationAnnotations\":[{\"displayName\":\"y\"}],\"textContent\":\"b\"}\n";

        Assert.Equal([new LabeledRow("a", "x", null, 1), new LabeledRow("b", "y", null, 2)], await ReadAsync(body, LabeledRowFormat.Jsonl));
    }

    [Fact]
    public async Task A_multi_label_vertex_row_is_refused_naming_its_line()
    {
        var body = "{\"text\":\"ok\",\"label\":\"x\"}\n{\"textContent\":\"b\",\"classificationAnnotations\":[{\"displayName\":\"y\"},{\"displayName\":\"z\"}]}\n";

        var error = await Assert.ThrowsAsync<LabeledRowFormatException>(() => ReadAsync(body, LabeledRowFormat.Jsonl));

        Assert.Equal(2, error.Line);
        Assert.Equal("classificationAnnotations", error.Field);
        Assert.Contains("multi-label", error.Problem);
        Assert.StartsWith("line 2: ", error.Message);
    }

    [Fact]
    public async Task A_json_row_of_no_known_shape_names_its_line_and_the_shapes()
    {
        var error = await Assert.ThrowsAsync<LabeledRowFormatException>(() =>
            ReadAsync("{\"text\":\"ok\",\"label\":\"x\"}\n\n{\"prompt\":\"a\",\"completion\":\"b\"}\n", LabeledRowFormat.Jsonl));

        Assert.Equal(3, error.Line);
        Assert.Equal("body", error.Field);
        Assert.Contains("textContent", error.Problem);
        Assert.Contains("\"prompt\"", error.Problem);
    }

    [Theory]
    [InlineData("label,text\nx,a\ny,b\n")]
    [InlineData("id,Text,LABEL,created\n1,a,x,2024\n2,b,y,2024\n")]
    [InlineData("id;text;label\n1;a;x\n2;b;y\n")]
    [InlineData("text\tlabel\tscore\na\tx\t0.5\nb\ty\t0.1\n")]
    public async Task Csv_columns_in_any_order_with_any_separator_are_found_by_name(string csv)
    {
        var rows = await ReadAsync(csv, LabeledRowFormat.Csv);

        Assert.Equal([("a", "x"), ("b", "y")], rows.Select(r => (r.Text, r.Label)));
    }

    [Fact]
    public async Task Named_columns_and_quoted_separators_and_newlines_are_kept()
    {
        var csv = "Id;Subject;Category\n7;\"Refund; please\nasap\";billing\n";

        var rows = await ReadAsync(csv, LabeledRowFormat.Csv, new LabeledRowReaderOptions { TextColumn = "subject", LabelColumn = "CATEGORY" });

        Assert.Equal([new LabeledRow("Refund; please\nasap", "billing", null, 2)], rows);
    }

    [Fact]
    public async Task A_given_separator_wins_over_detection()
    {
        // The first line has more commas than semicolons, but the file is ';' separated.
        var rows = await ReadAsync("text;label\n\"a, b, c\";x\n", LabeledRowFormat.Csv, new LabeledRowReaderOptions { Separator = ';' });

        Assert.Equal([new LabeledRow("a, b, c", "x", null, 2)], rows);
        Assert.Equal(';', CsvSeparator.Detect("text;label"));
        Assert.Equal('\t', CsvSeparator.Detect("a\tb"));
        Assert.Equal(',', CsvSeparator.Detect("\"a;b\",c"));
        Assert.Equal('\t', CsvSeparator.Parse("tab"));
        Assert.Throws<ArgumentException>(() => CsvSeparator.Parse("|"));
    }

    [Fact]
    public async Task A_headerless_file_takes_columns_by_position()
    {
        Assert.Equal([new LabeledRow("a", "x", null, 1), new LabeledRow("b", "y", null, 2)],
            await ReadAsync("a;x\nb;y\n", LabeledRowFormat.Csv, new LabeledRowReaderOptions { NoHeader = true }));
        Assert.Equal([new LabeledRow("a", "x", null, 1)],
            await ReadAsync("1,x,a\n", LabeledRowFormat.Csv, new LabeledRowReaderOptions { NoHeader = true, TextColumn = "3", LabelColumn = "2" }));
    }

    [Fact]
    public async Task A_headerless_row_without_the_columns_names_its_line()
    {
        var error = await Assert.ThrowsAsync<LabeledRowFormatException>(() =>
            ReadAsync("a,x\n", LabeledRowFormat.Csv, new LabeledRowReaderOptions { NoHeader = true, TextColumn = "3" }));

        Assert.Equal(1, error.Line);
        Assert.Contains("need 3", error.Problem);
    }

    [Fact]
    public async Task A_header_naming_neither_column_lists_the_columns_seen()
    {
        var error = await Assert.ThrowsAsync<LabeledRowFormatException>(() => ReadAsync("id,body,category\n1,a,x\n", LabeledRowFormat.Csv));

        Assert.Equal(1, error.Line);
        Assert.Equal("header", error.Field);
        Assert.Contains("'id', 'body', 'category'", error.Problem);
        Assert.Contains("--text-column", error.Problem);
    }

    [Theory]
    [InlineData(true, "a", "")]
    [InlineData(false, "a", "")]
    public void Bad_column_options_are_refused_before_reading(bool noHeader, string text, string label)
    {
        var options = new LabeledRowReaderOptions { NoHeader = noHeader, TextColumn = noHeader ? text : " ", LabelColumn = noHeader ? null : label };

        Assert.Throws<ArgumentException>(() => LabeledRowReader.ValidateCsvOptions(options));
    }

    [Fact]
    public async Task Label_optional_rows_without_a_label_yield_an_empty_one()
    {
        var optional = new LabeledRowReaderOptions { LabelOptional = true };

        Assert.Equal(["", "", "", "x"], (await ReadAsync("{\"text\":\"a\"}\n{\"text\":\"b\",\"label\":null}\n{\"textContent\":\"c\"}\n{\"text\":\"d\",\"label\":\"x\"}\n", LabeledRowFormat.Jsonl, optional)).Select(r => r.Label));
        Assert.Equal([new LabeledRow("a", "", null, 2)], await ReadAsync("id,text\n1,a\n", LabeledRowFormat.Csv, optional));
        await Assert.ThrowsAsync<LabeledRowFormatException>(() => ReadAsync("{\"textContent\":\"c\"}\n", LabeledRowFormat.Jsonl));
        await Assert.ThrowsAsync<LabeledRowFormatException>(() => ReadAsync("id,text\n1,a\n", LabeledRowFormat.Csv));
    }

    private static async Task<List<LabeledRow>> ReadAsync(string body, LabeledRowFormat format, LabeledRowReaderOptions? options = null)
    {
        var rows = new List<LabeledRow>();
        await foreach (var row in LabeledRowReader.ReadAsync(new StringReader(body), format, options)) rows.Add(row);
        return rows;
    }
}
