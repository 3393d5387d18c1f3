using LLMEmbed.Core.Data;
using LLMEmbed.Formats;

namespace LLMEmbed.Core.Tests;

/// <summary>JSONL rows labelled for a tenant's named tasks: "labels": {"topic": "billing", "tags": ["refund", "mobile"]}.</summary>
public class LabeledRowTaskLabelsTests
{
    [Fact]
    public async Task A_row_carries_a_string_label_a_list_and_an_empty_list_per_task_in_file_order()
    {
        var rows = await ReadAsync("""{"text":"refund please","label":"support","labels":{"topic":"billing","tags":["refund","mobile"],"flags":[]}}""" + "\n");

        var row = Assert.Single(rows);
        Assert.Equal(("refund please", "support", 1L), (row.Text, row.Label, row.Line));
        Assert.NotNull(row.Tasks);
        Assert.Equal(["topic", "tags", "flags"], row.Tasks.Select(t => t.Task));
        Assert.Equal(["billing"], row.Tasks[0].Labels);
        Assert.Equal(["refund", "mobile"], row.Tasks[1].Labels);
        Assert.Empty(row.Tasks[2].Labels);
    }

    [Fact]
    public async Task Labels_default_is_the_default_tasks_label_and_a_row_may_label_only_named_tasks()
    {
        var rows = await ReadAsync("{\"text\":\"a\",\"labels\":{\"default\":\"earn\",\"tags\":[\"x\"]}}\n{\"text\":\"b\",\"labels\":{\"tags\":[]}}\n{\"text\":\"c\",\"labels\":{\"default\":\"crude\"}}\n");

        Assert.Equal(["earn", "", "crude"], rows.Select(r => r.Label));
        Assert.Equal(["tags"], rows[0].Tasks!.Select(t => t.Task)); // "default" is not a named task
        Assert.Equal("tags", Assert.Single(rows[1].Tasks!).Task);
        Assert.Null(rows[2].Tasks);
    }

    [Fact]
    public async Task Rows_without_labels_read_as_before()
    {
        var rows = await ReadAsync("{\"text\":\"a\",\"label\":\"x\",\"split\":\"train\"}\n");

        Assert.Equal([new LabeledRow("a", "x", "train", 1)], rows);
    }

    [Theory]
    [InlineData("""{"text":"a","labels":["x"]}""", "labels", "must be an object")]
    [InlineData("""{"text":"a","labels":"x"}""", "labels", "must be an object")]
    [InlineData("""{"text":"a","labels":{"tags":3}}""", "labels.tags", "a label (a string) or a list of labels")]
    [InlineData("""{"text":"a","labels":{"tags":null}}""", "labels.tags", "found Null")]
    [InlineData("""{"text":"a","labels":{"tags":["x",2]}}""", "labels.tags", "\"labels.tags\"[1] must be a string, found Number")]
    [InlineData("""{"text":"a","labels":{"tags":[["x"]]}}""", "labels.tags", "[0] must be a string, found Array")]
    [InlineData("""{"text":"a","labels":{"default":["x"]}}""", "labels.default", "the default task is single-label")]
    [InlineData("""{"text":"a","label":"x","labels":{"default":"y"}}""", "labels.default", "both \"label\" and \"labels.default\"")]
    [InlineData("""{"text":"a","labels":{"tags":"x","tags":"y"}}""", "labels.tags", "appears twice")]
    [InlineData("""{"text":"a","labels":{"":"x"}}""", "labels", "task name in \"labels\" is empty")]
    [InlineData("""{"text":"a","labels":{}}""", "label", "\"labels\" is empty and there is no \"label\"")]
    [InlineData("""{"text":"a"}""", "label", "no \"label\" or \"labels\" property")]
    public async Task A_malformed_labels_object_names_the_line_and_the_field(string bad, string field, string problem)
    {
        var error = await Assert.ThrowsAsync<LabeledRowFormatException>(() => ReadAsync("{\"text\":\"ok\",\"label\":\"x\"}\n" + bad + "\n"));

        Assert.Equal(2, error.Line);
        Assert.Equal(field, error.Field);
        Assert.Contains(problem, error.Problem);
        Assert.StartsWith("line 2: ", error.Message);
    }

    [Fact]
    public async Task An_unlabelled_import_takes_rows_without_label_or_labels_but_still_checks_the_shape()
    {
        var options = new LabeledRowReaderOptions { LabelOptional = true };
        var rows = await ReadAsync("{\"text\":\"a\"}\n{\"text\":\"b\",\"label\":null,\"labels\":{\"default\":\"x\"}}\n", options);
        Assert.Equal(["", "x"], rows.Select(r => r.Label));

        var error = await Assert.ThrowsAsync<LabeledRowFormatException>(() => ReadAsync("{\"text\":\"a\",\"labels\":[]}\n", options));
        Assert.Equal("labels", error.Field);
    }

    [Fact]
    public async Task A_row_with_only_labels_fits_a_known_shape_and_unknown_fields_name_labels()
    {
        var noText = await Assert.ThrowsAsync<LabeledRowFormatException>(() => ReadAsync("{\"labels\":{\"tags\":[]}}\n"));
        Assert.Equal("text", noText.Field);

        var unknown = await Assert.ThrowsAsync<LabeledRowFormatException>(() => ReadAsync("{\"text\":\"a\",\"label\":\"x\",\"tags\":[]}\n"));
        Assert.Equal("tags", unknown.Field);
        Assert.Contains("\"labels\"", unknown.Problem);
    }

    [Fact]
    public void A_file_row_labelled_only_for_named_tasks_reads_with_its_task_labels_trimmed()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("tasks.jsonl", """
            {"text": "refund please", "labels": {"topic": "billing", "tags": [" refund "]}, "id": 7}
            {"text": "hello", "label": "greeting"}
            """);

        var rows = LabeledFileReader.Read(path);

        Assert.Equal(("", 1L), (rows[0].Label, rows[0].Line));
        Assert.Equal(["topic", "tags"], rows[0].Tasks!.Select(t => t.Task));
        Assert.Equal(["refund"], rows[0].Tasks![1].Labels);
        Assert.Null(rows[1].Tasks);
        Assert.Equal("greeting", rows[1].Label);
    }

    private static async Task<List<LabeledRow>> ReadAsync(string body, LabeledRowReaderOptions? options = null)
    {
        var rows = new List<LabeledRow>();
        await foreach (var row in LabeledRowReader.ReadAsync(new StringReader(body), LabeledRowFormat.Jsonl, options)) rows.Add(row);
        return rows;
    }
}
