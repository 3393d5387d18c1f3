using LLMEmbed.Formats;

namespace LLMEmbed.Core.Tests;

/// <summary>The one reader behind CLI files (<see cref="LLMEmbed.Core.Data.LabeledFileReader"/>) and gateway import bodies.</summary>
public class LabeledRowReaderTests
{
    [Fact]
    public async Task Jsonl_rows_keep_their_line_numeric_labels_and_split_unchecked()
    {
        var rows = await ReadAsync("{\"text\":\"a\",\"label\":\"x\",\"split\":\"dev\"}\n\r\n{\"text\":\"b\",\"label\":7}\r\n", LabeledRowFormat.Jsonl);

        Assert.Equal([new LabeledRow("a", "x", "dev", 1), new LabeledRow("b", "7", null, 3)], rows);
    }

    [Theory]
    [InlineData("{\"text\":\"a\",\"label\":\"x\",\"who\":1}", "who", "unknown field \"who\"")]
    [InlineData("{\"text\":5,\"label\":\"x\"}", "text", "\"text\" must be a string")]
    [InlineData("{\"label\":\"x\"}", "text", "missing text")]
    [InlineData("{\"text\":\"a\"}", "label", "missing label")]
    [InlineData("{\"text\":\"a\",\"label\":[1]}", "label", "bad label")]
    [InlineData("{\"text\":\"a\",\"label\":\"x\",\"split\":1}", "split", "bad split value")]
    [InlineData("[1]", "body", "expected a JSON object")]
    [InlineData("{\"text\":", "body", "bad JSON")]
    public async Task A_malformed_json_line_names_its_line_and_field(string bad, string field, string problem)
    {
        var error = await Assert.ThrowsAsync<LabeledRowFormatException>(() => ReadAsync("{\"text\":\"ok\",\"label\":\"x\"}\n" + bad + "\n", LabeledRowFormat.Jsonl));

        Assert.Equal(2, error.Line);
        Assert.Equal(field, error.Field);
        Assert.Contains(problem, error.Problem);
        Assert.StartsWith("line 2: ", error.Message);
    }

    [Fact]
    public async Task Unknown_json_fields_can_be_ignored()
    {
        var rows = await ReadAsync("{\"text\":\"a\",\"label\":\"x\",\"id\":3}", LabeledRowFormat.Jsonl, new LabeledRowReaderOptions { IgnoreUnknownFields = true });

        Assert.Equal([new LabeledRow("a", "x", null, 1)], rows);
    }

    [Fact]
    public async Task Csv_rows_are_rfc4180_with_lines_counted_inside_quotes()
    {
        var rows = await ReadAsync("Text,Label,Split\n\"a, \"\"quoted\"\"\nbreak\",x,train\n\nb,y,\n", LabeledRowFormat.Csv);

        Assert.Equal([new LabeledRow("a, \"quoted\"\nbreak", "x", "train", 2), new LabeledRow("b", "y", null, 5)], rows);
    }

    [Theory]
    [InlineData("txt,lbl\na,b\n", 1, "header")]
    [InlineData("", 1, "header")]
    [InlineData("text,label\na,b\nc,d,e\n", 3, "body")]
    [InlineData("text,label\na,b\n\"open,x\n", 3, "body")]
    public async Task A_malformed_csv_record_names_its_line_and_field(string csv, int line, string field)
    {
        var error = await Assert.ThrowsAsync<LabeledRowFormatException>(() => ReadAsync(csv, LabeledRowFormat.Csv));

        Assert.Equal(line, error.Line);
        Assert.Equal(field, error.Field);
    }

    [Fact]
    public async Task A_json_line_over_the_bound_is_refused_before_it_is_held()
    {
        // Two-byte characters: 60 of them are 120 UTF-8 bytes, over a bound of 100.
        var body = "{\"text\":\"ok\",\"label\":\"x\"}\n{\"text\":\"" + new string('é', 60) + "\",\"label\":\"x\"}\n";

        var error = await Assert.ThrowsAsync<LabeledRowFormatException>(() => ReadAsync(body, LabeledRowFormat.Jsonl, new LabeledRowReaderOptions { MaxRecordBytes = 100 }));

        Assert.Equal(2, error.Line);
        Assert.Equal("body", error.Field);
        Assert.Contains("longer than 100 bytes", error.Problem);
    }

    [Fact]
    public async Task A_csv_record_far_over_the_bound_is_refused()
    {
        var body = "text,label\n\"" + new string('y', 1_000_000) + "\",x\n";

        var error = await Assert.ThrowsAsync<LabeledRowFormatException>(() => ReadAsync(body, LabeledRowFormat.Csv, new LabeledRowReaderOptions { MaxRecordBytes = 1000 }));

        Assert.Equal("body", error.Field);
    }

    [Fact]
    public async Task Rows_before_a_bad_record_are_yielded_first()
    {
        var seen = new List<string>();
        await Assert.ThrowsAsync<LabeledRowFormatException>(async () =>
        {
            await foreach (var row in LabeledRowReader.ReadAsync(new StringReader("text,label\na,x\nb,y\nc\n"), LabeledRowFormat.Csv)) seen.Add(row.Text);
        });

        Assert.Equal(["a", "b"], seen);
    }

    private static async Task<List<LabeledRow>> ReadAsync(string body, LabeledRowFormat format, LabeledRowReaderOptions? options = null)
    {
        var rows = new List<LabeledRow>();
        await foreach (var row in LabeledRowReader.ReadAsync(new StringReader(body), format, options)) rows.Add(row);
        return rows;
    }
}
