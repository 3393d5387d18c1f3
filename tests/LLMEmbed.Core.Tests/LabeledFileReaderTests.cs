using LLMEmbed.Core.Data;

namespace LLMEmbed.Core.Tests;

public class LabeledFileReaderTests
{
    [Fact]
    public void Reads_json_lines_skipping_blank_lines()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("data.jsonl", """
            {"text": "good movie", "label": "pos", "split": "train"}

            {"text": "bad movie", "label": "neg", "split": "TEST", "extra": 1}
            {"text": "numeric", "label": 3}
            """);

        var rows = LabeledFileReader.Read(path);

        Assert.Equal(
            [new LabeledText("good movie", "pos", "train") { Line = 1 }, new LabeledText("bad movie", "neg", "test") { Line = 3 }, new LabeledText("numeric", "3") { Line = 4 }],
            rows);
    }

    [Theory]
    [InlineData("{\"text\": \"a\", \"label\": \"x\"", "bad JSON")]
    [InlineData("{\"label\": \"x\"}", "missing text")]
    [InlineData("{\"text\": \"  \", \"label\": \"x\"}", "missing text")]
    [InlineData("{\"text\": \"a\", \"label\": \" \"}", "empty label")]
    [InlineData("{\"text\": \"a\", \"label\": [1]}", "bad label")]
    [InlineData("{\"text\": \"a\", \"label\": \"x\", \"split\": \"dev\"}", "bad split value")]
    [InlineData("[1, 2]", "expected a JSON object")]
    public void MalformedJsonLinesNameTheFileAndLine(string badLine, string problem)
    {
        using var dir = new TempDirectory();
        var path = dir.Write("data.jsonl", "{\"text\": \"ok\", \"label\": \"x\"}\n\n" + badLine + "\n");

        var error = Assert.Throws<DataFormatException>(() => LabeledFileReader.Read(path));

        Assert.Equal(3, error.Line);
        Assert.Equal(path, error.FilePath);
        Assert.Contains($"{path}, line 3:", error.Message);
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void Reads_rfc4180_csv()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("data.csv",
            "text,label,split\n" +
            "\"Hello, world\",greeting,train\n" +
            "\"She said \"\"hi\"\"\nand left\",story,test\n" +
            "plain,greeting,\n");

        var rows = LabeledFileReader.Read(path);

        Assert.Equal(
            [new LabeledText("Hello, world", "greeting", "train") { Line = 2 }, new LabeledText("She said \"hi\"\nand left", "story", "test") { Line = 3 },
             new LabeledText("plain", "greeting") { Line = 5 }],
            rows);
    }

    [Theory]
    [InlineData("text,label\na,b\nc,d,e\n", 3, "wrong column count")]
    [InlineData("text,label\na,b\n,d\n", 3, "missing text")]
    [InlineData("text,label,split\na,b,train\nc,,test\n", 3, "empty label")]
    [InlineData("text,label,split\na,b,validation\n", 2, "bad split value")]
    [InlineData("body,category\na,b\n", 1, "header")] // "label,text" now imports: columns are found by name
    public void Malformed_csv_names_the_file_and_line(string content, int line, string problem)
    {
        using var dir = new TempDirectory();
        var path = dir.Write("data.csv", content);

        var error = Assert.Throws<DataFormatException>(() => LabeledFileReader.Read(path));

        Assert.Equal(line, error.Line);
        Assert.Contains(problem, error.Message);
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void Csv_column_options_reach_the_file_reader()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("data.csv", "1;x;hello\n2;y;world\n");

        var rows = LabeledFileReader.ReadStreaming(path, new LLMEmbed.Formats.LabeledRowReaderOptions { NoHeader = true, TextColumn = "3", LabelColumn = "2" }).ToList();

        Assert.Equal([("hello", "x", 1L), ("world", "y", 2L)], rows.Select(r => (r.Text, r.Label, r.Line)));
    }

    [Fact]
    public void Csv_line_numbers_count_lines_inside_quoted_fields()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("data.csv", "text,label\n\"two\nlines\",a\nx,\n");

        var error = Assert.Throws<DataFormatException>(() => LabeledFileReader.Read(path));

        Assert.Equal(4, error.Line);
    }

    [Fact]
    public void Streaming_yields_good_rows_before_reaching_a_bad_one()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("data.jsonl", "{\"text\": \"a\", \"label\": \"x\"}\n{\"text\": \"b\", \"label\": \"y\"}\nnot json\n");

        using var rows = LabeledFileReader.ReadStreaming(path).GetEnumerator();

        Assert.True(rows.MoveNext());
        Assert.Equal("a", rows.Current.Text);
        Assert.True(rows.MoveNext());
        Assert.Throws<DataFormatException>(() => rows.MoveNext());
    }

    [Fact]
    public void Unknown_extensions_and_missing_files_are_rejected()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("data.txt", "x");

        Assert.Throws<ArgumentException>(() => LabeledFileReader.Read(path));
        Assert.Throws<FileNotFoundException>(() => LabeledFileReader.Read(dir.File("absent.csv")));
    }

    [Fact]
    public void To_dataset_splits_unsplit_rows_per_label()
    {
        var rows = Enumerable.Range(0, 30).Select(i => new LabeledText($"a{i}", "a"))
            .Concat(Enumerable.Range(0, 10).Select(i => new LabeledText($"b{i}", "b")))
            .Append(new LabeledText("lonely", "c"))
            .ToList();

        var dataset = LabeledFileReader.ToDataset(rows, seed: 4, testFraction: 0.2);

        Assert.Equal(["a", "b", "c"], dataset.Labels);
        Assert.Equal(6, dataset.Test.Count(r => r.Label == "a"));
        Assert.Equal(2, dataset.Test.Count(r => r.Label == "b"));
        Assert.Contains(dataset.Train, r => r.Text == "lonely");
        Assert.Equal(41, dataset.Train.Count + dataset.Test.Count);
        Assert.Equal(dataset.Test, LabeledFileReader.ToDataset(rows, seed: 4, testFraction: 0.2).Test);
    }

    [Fact]
    public void To_dataset_keeps_given_splits_and_rejects_a_mix()
    {
        LabeledText[] split = [new("a", "x", "train"), new("b", "y", "test"), new("c", "y", "train")];

        var dataset = LabeledFileReader.ToDataset(split, seed: 1, testFraction: 0.5);

        Assert.Equal(["a", "c"], dataset.Train.Select(r => r.Text));
        Assert.Equal(["b"], dataset.Test.Select(r => r.Text));
        Assert.Throws<ArgumentException>(() => LabeledFileReader.ToDataset([.. split, new LabeledText("d", "x")], 1, 0.5));
    }

    [Fact]
    public void To_dataset_refuses_a_row_labelled_only_for_named_tasks()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("tasks.jsonl", "{\"text\": \"a\", \"label\": \"x\"}\n{\"text\": \"b\", \"labels\": {\"tags\": [\"t\"]}}\n");
        var rows = LabeledFileReader.Read(path);

        var error = Assert.Throws<ArgumentException>(() => LabeledFileReader.ToDataset(rows, 1, 0.5));

        Assert.Contains("line 2", error.Message);
        Assert.Contains("named tasks", error.Message);
    }
}
