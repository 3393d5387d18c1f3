using LLMEmbed.Cli.Client;
using LLMEmbed.Protos.V1;

namespace LLMEmbed.Gateway.Tests;

/// <summary>Argument handling and output of `llmembed examples` and `llmembed suggest` (no gateway needed).</summary>
public sealed class ExamplesCommandTests
{
    [Fact]
    public void Examples_subcommands_parse_their_options()
    {
        var list = ExamplesCommand.Create().Parse(["list", "--page-size", "50", "--all", "--label", "earn", "--import-id", "i1", "--source", "unlabelled", "--tenant", "t"]);
        Assert.Empty(list.Errors);
        Assert.Equal((50, true, "earn", "unlabelled"), (list.GetValue<int>("--page-size"), list.GetValue<bool>("--all"), list.GetValue<string?>("--label"), list.GetValue<string?>("--source")));

        var delete = ExamplesCommand.Create().Parse(["delete", "--id", "4294967296", "--id", "7", "--tenant", "t"]);
        Assert.Empty(delete.Errors);
        Assert.Equal([4294967296L, 7L], delete.GetValue<long[]>("--id")!);

        Assert.Empty(ExamplesCommand.Create().Parse(["relabel", "--id", "3", "--label", "earn"]).Errors);
        Assert.NotEmpty(ExamplesCommand.Create().Parse(["relabel", "--id", "3"]).Errors); // --label is required
        Assert.Empty(ExamplesCommand.Create().Parse(["count", "--json"]).Errors);
        Assert.NotEmpty(ExamplesCommand.Create().Parse(["list", "--page-size", "many"]).Errors);
    }

    [Fact]
    public void Suggest_defaults_to_ten_and_describes_its_strategy()
    {
        var parse = SuggestCommand.Create().Parse(["--tenant", "t"]);
        Assert.Empty(parse.Errors);
        Assert.Equal(10, parse.GetValue<int>("--count"));
        Assert.Equal(25, SuggestCommand.Create().Parse(["--count", "25"]).GetValue<int>("--count"));
        Assert.Contains("head v3", SuggestCommand.Describe(new SuggestResponse { Strategy = "uncertainty", HeadVersion = 3, Candidates = 12 }));
    }

    [Fact]
    public void Table_cells_cut_long_texts_to_one_line()
    {
        Assert.Equal("short", TextCell.Cut("short"));
        var cut = TextCell.Cut(new string('x', 100) + "\nmore");
        Assert.Equal(TextCell.Width, cut.Length);
        Assert.EndsWith("...", cut);
        Assert.Equal("a b", TextCell.Cut("a\nb"));
    }
}
