using System.CommandLine;
using LLMEmbed.Cli.Client;
using LLMEmbed.Protos.V1;

namespace LLMEmbed.Gateway.Tests;

/// <summary>Argument handling of the `llmembed` client commands (no gateway needed).</summary>
public sealed class ClientCommandTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] values) =>
        name => values.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void Options_win_over_environment_and_environment_fills_gaps()
    {
        var command = new Command("probe");
        var settings = ClientSettings.ForTenant(command);
        var parse = command.Parse(["--tenant", "from-option"]);
        Assert.Empty(parse.Errors);
        using var connection = settings.Connect(parse, Env(("LLMEMBED_TENANT", "from-env"), ("LLMEMBED_KEY", "lle_x.k"), ("LLMEMBED_ENDPOINT", "http://127.0.0.1:7000")));
        Assert.Equal("from-option", connection.Tenant);
        Assert.Equal("Bearer lle_x.k", connection.Headers.GetValue("authorization"));
        Assert.Equal("127.0.0.1:7000", connection.Target);
    }

    [Fact]
    public void Labels_describe_takes_one_label_or_a_file_and_settings_take_zero_shot_below()
    {
        var one = LabelsCommand.Create().Parse(["describe", "--label", "positive", "--description", "A glowing review.", "--tenant", "t"]);
        Assert.Empty(one.Errors);
        Assert.Equal("positive", one.GetValue<string?>("--label"));
        Assert.Equal("A glowing review.", one.GetValue<string?>("--description"));
        var file = LabelsCommand.Create().Parse(["describe", "--file", "models/label-descriptions/imdb.json", "--tenant", "t"]);
        Assert.Empty(file.Errors);
        var settings = TenantCommand.Create().Parse(["settings", "news", "--zero-shot-below", "16"]);
        Assert.Empty(settings.Errors);
        Assert.Equal(16, settings.GetValue<int?>("--zero-shot-below"));
        Assert.Equal("zero_shot", ClassifyCommand.ToJson("t", new Classification { Label = "a", Source = "zero_shot" })["source"]);
    }

    [Fact]
    public void Classify_parses_texts_and_options()
    {
        var parse = ClassifyCommand.Create().Parse(["oil prices fell", "profit rose", "--top-k", "2", "--json", "--tenant", "t"]);
        Assert.Empty(parse.Errors);
        Assert.Equal(["oil prices fell", "profit rose"], parse.GetValue<string[]>("text")!);
        Assert.Equal(2, parse.GetValue<int>("--top-k"));
        Assert.True(parse.GetValue<bool>("--json"));
    }

    [Fact]
    public void Tenant_create_and_settings_take_the_long_text_options()
    {
        var create = TenantCommand.Create().Parse(["create", "news", "--long-text", "chunk", "--chunk-overlap", "16", "--max-windows", "4"]);
        Assert.Empty(create.Errors);
        Assert.Equal("chunk", create.GetValue<string?>("--long-text"));
        Assert.Equal(16, create.GetValue<int?>("--chunk-overlap"));
        Assert.Equal(4, create.GetValue<int?>("--max-windows"));

        var change = TenantCommand.Create().Parse(["settings", "news", "--long-text", "truncate"]);
        Assert.Empty(change.Errors);
        Assert.Equal("truncate", change.GetValue<string?>("--long-text"));
        Assert.Null(change.GetValue<int?>("--max-windows")); // unset: the gateway keeps the tenant's value
        Assert.Empty(TenantCommand.Create().Parse(["settings", "news", "--json"]).Errors);
        Assert.NotEmpty(TenantCommand.Create().Parse(["settings", "news", "--max-windows", "many"]).Errors);
    }

    [Fact]
    public void Admin_commands_read_the_admin_key_variable_not_the_tenant_key()
    {
        var command = new Command("probe");
        var settings = ClientSettings.ForAdmin(command);
        var parse = command.Parse([]);
        var error = Assert.Throws<ArgumentException>(() => settings.Connect(parse, Env(("LLMEMBED_KEY", "lle_x.k"))));
        Assert.Contains("LLMEMBED_ADMIN_KEY", error.Message);
        using var connection = settings.Connect(parse, Env(("LLMEMBED_ADMIN_KEY", "admin-key-0123456789")));
        Assert.Equal("Bearer admin-key-0123456789", connection.Headers.GetValue("authorization"));
    }

    [Fact]
    public void Tenant_commands_need_a_tenant()
    {
        var command = new Command("probe");
        var settings = ClientSettings.ForTenant(command);
        var error = Assert.Throws<ArgumentException>(() => settings.Connect(command.Parse(["--key", "k"]), Env()));
        Assert.Contains("LLMEMBED_TENANT", error.Message);
    }

    [Fact]
    public void Bad_endpoints_are_refused()
    {
        var command = new Command("probe");
        var settings = ClientSettings.ForTenant(command);
        Assert.Throws<ArgumentException>(() => settings.Connect(command.Parse(["--key", "k", "--tenant", "t", "--endpoint", "127.0.0.1:5000"]), Env()));
    }

    [Theory]
    [InlineData("all", null)]
    [InlineData("train", "train")]
    [InlineData("TEST", "test")]
    public void Import_split_filter(string given, string? expected) => Assert.Equal(expected, ImportCommand.ParseSplit(given));

    [Fact]
    public void Import_rejects_unknown_splits_and_train_unknown_heads()
    {
        Assert.Throws<ArgumentException>(() => ImportCommand.ParseSplit("dev"));
        Assert.Equal(HeadKind.Mlp, TrainCommand.ParseHead("MLP"));
        Assert.Throws<ArgumentException>(() => TrainCommand.ParseHead("svm"));
    }

    [Fact]
    public void Classify_takes_texts_or_a_file_not_both()
    {
        Assert.Equal(["a", "b"], ClassifyCommand.ReadInput(["a", "b"], null));
        Assert.Throws<ArgumentException>(() => ClassifyCommand.ReadInput([], null));
        var file = Path.Combine(Path.GetTempPath(), $"llmembed-classify-{Guid.NewGuid():N}.jsonl");
        try
        {
            File.WriteAllLines(file, ["{\"text\":\"oil prices fell\"}", "", "{\"text\":\"profit rose\",\"label\":\"earn\"}"]);
            Assert.Equal(["oil prices fell", "profit rose"], ClassifyCommand.ReadInput([], file));
            Assert.Throws<ArgumentException>(() => ClassifyCommand.ReadInput(["x"], file));
            File.WriteAllLines(file, ["{\"text\":\"ok\"}", "{\"label\":\"no text\"}"]);
            Assert.Contains(":2:", Assert.Throws<InvalidDataException>(() => ClassifyCommand.ReadInput([], file)).Message);
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public void Classify_json_has_label_and_probabilities_per_text()
    {
        var result = new Classification { Label = "crude", HeadVersion = 2, Probabilities = { new LabelProbability { Label = "crude", Probability = 0.9f }, new LabelProbability { Label = "earn", Probability = 0.1f } } };
        var json = ClassifyCommand.ToJson("oil", result);
        Assert.Equal("crude", json["label"]);
        var probabilities = Assert.IsType<Dictionary<string, object>>(json["probabilities"]);
        Assert.Equal(0.9f, probabilities["crude"]);
        Assert.Equal(2, json["head_version"]);
    }
}
