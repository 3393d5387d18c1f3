using System.Text.Json;
using LLMEmbed.Core.Data;

namespace LLMEmbed.Core.Tests;

public class ReutersDatasetTests
{
    private static object Doc(string id, string date, string[]? topics, string? body, string title = "SOME TITLE") =>
        body is null
            ? new { title, date, topics, places = new[] { "usa" }, id }
            : new { title, body, date, topics, places = new[] { "usa" }, id };

    /// <summary>Two files in the package's shape (dates as in the data: leading blank, trailing junk).</summary>
    private static string WriteCorpus(TempDirectory dir)
    {
        object[] first =
        [
            Doc("1", "26-FEB-1987 15:01:01.79", ["earn"], "Net profit\n  rose 10 pct.\n Reuter\n\u0003", "ACME PROFIT UP"),
            Doc("2", " 7-APR-1987 23:59:50.45", ["acq"], "Company buys\ncompany.\n Reuter\n\u0003"),
            Doc("3", " 1-MAR-1987 01:41:26.47", ["grain", "wheat"], "Multi-topic story."),
            Doc("4", "27-MAR-1987 00:03:35.68\u0005\u0005\u0005F", ["cocoa"], "Cocoa body."),
            Doc("5", " 2-MAR-1987 10:00:00.00", ["yen"], "Only in train."),
            Doc("6", " 3-MAR-1987 10:00:00.00", ["earn"], null),
            Doc("7", " 3-MAR-1987 10:00:00.00", null, "No topics."),
        ];
        object[] second =
        [
            Doc("8", " 8-APR-1987 00:38:26.78", ["earn"], "Test earn."),
            Doc("9", "9-APR-1987 00:00:00.00    # date added by S Finch as guesswork ", ["cocoa"], "Test cocoa."),
            Doc("10", "20-OCT-1987 10:00:00.00", ["acq"], "   "),
            Doc("11", "20-OCT-1987 10:00:00.00", ["acq"], "Test acq."),
        ];
        dir.Write("full/reuters-000.json", JsonSerializer.Serialize(first));
        dir.Write("full/reuters-001.json", JsonSerializer.Serialize(second));
        return dir.File("full");
    }

    [Fact]
    public void Keeps_single_topic_documents_with_a_body_and_splits_by_date()
    {
        using var dir = new TempDirectory();
        var r52 = ReutersDataset.FromDirectory(WriteCorpus(dir), ReutersVariant.R52);

        // yen has no test document; document 10 (blank body), 3 (two topics), 6 (no body), 7 (no topics) are left out.
        Assert.Equal(["acq", "cocoa", "earn"], r52.Labels);
        Assert.Equal(["earn", "acq", "cocoa"], r52.Train.Select(r => r.Label));
        Assert.Equal(["earn", "cocoa", "acq"], r52.Test.Select(r => r.Label));
        Assert.All(r52.Test, r => Assert.Equal(DataSplit.Test, r.Split));
    }

    [Fact]
    public void The_seventh_of_april_is_the_last_training_day()
    {
        using var dir = new TempDirectory();
        var r8 = ReutersDataset.FromDirectory(WriteCorpus(dir), ReutersVariant.R8);

        Assert.Contains(r8.Train, r => r.Label == "acq");
        Assert.Equal(new DateOnly(1987, 4, 8), ReutersDataset.TestCutoff);
        Assert.Equal(new DateOnly(1987, 4, 7), ReutersDataset.ParseDate(" 7-APR-1987 23:59:50.45"));
    }

    [Fact]
    public void R8_keeps_only_its_eight_topics()
    {
        using var dir = new TempDirectory();
        var r8 = ReutersDataset.FromDirectory(WriteCorpus(dir), ReutersVariant.R8);

        Assert.Equal(["acq", "earn"], r8.Labels);
        Assert.Equal(2, r8.Train.Count);
        Assert.Equal(2, r8.Test.Count);
        Assert.DoesNotContain(r8.Train.Concat(r8.Test), r => r.Label is "cocoa" or "yen");
    }

    [Fact]
    public void Text_is_title_and_body_without_the_wire_signature()
    {
        using var dir = new TempDirectory();
        var r8 = ReutersDataset.FromDirectory(WriteCorpus(dir), ReutersVariant.R8);

        Assert.Equal("ACME PROFIT UP. Net profit rose 10 pct.", r8.Train[0].Text);
        Assert.Equal("SOME TITLE. Company buys company.", r8.Train[1].Text);
    }

    [Theory]
    [InlineData("26-FEB-1987 15:01:01.79", 1987, 2, 26)]
    [InlineData(" 1-MAR-1987 01:41:26.47", 1987, 3, 1)]
    [InlineData("27-MAR-1987 00:03:35.68\u0005\u0005\u0005F", 1987, 3, 27)]
    [InlineData("19-OCT-1987 10:00:00.00", 1987, 10, 19)]
    public void Parses_the_dates_found_in_the_data(string value, int year, int month, int day) =>
        Assert.Equal(new DateOnly(year, month, day), ReutersDataset.ParseDate(value));

    [Fact]
    public void An_unreadable_date_of_a_kept_document_is_an_error()
    {
        using var dir = new TempDirectory();
        dir.Write("full/reuters-000.json", JsonSerializer.Serialize(new[] { Doc("42", "someday", ["earn"], "Body.") }));

        var error = Assert.Throws<DataFormatException>(() => ReutersDataset.FromDirectory(dir.File("full"), ReutersVariant.R8));

        Assert.Contains("id 42", error.Message);
        Assert.Contains("reuters-000.json", error.Message);
    }
}
