using System.CommandLine;
using System.Globalization;
using LLMEmbed.Cli.Rendering;
using LLMEmbed.Core.Backbones;
using LLMEmbed.Core.Features;
using LLMEmbed.Core.Pooling;
using Spectre.Console;

namespace LLMEmbed.Cli.Commands;

/// <summary>`llmembed embed TEXT...`: per-layer pooled vectors of one backbone, summarised.</summary>
internal static class EmbedCommand
{
    public static Command Create()
    {
        var texts = new Argument<string[]>("text") { Description = "Texts to embed", Arity = ArgumentArity.OneOrMore };
        var backbone = new Option<string>("--backbone") { Description = "Backbone id", DefaultValueFactory = _ => RecipeCatalog.DefaultBackbones[0] };
        var taps = new Option<string?>("--taps") { Description = "Comma-separated taps (0 = embeddings); default: all" };
        var pooling = new Option<PoolingKind>("--pooling") { Description = "mean | first | last | max | unmaskedmean", DefaultValueFactory = _ => PoolingKind.Mean };
        var maxTokens = new Option<int>("--max-tokens") { Description = EvalOptions.MaxTokensHelp, DefaultValueFactory = _ => 0 };
        var values = new Option<int>("--values") { Description = "How many leading values to show", DefaultValueFactory = _ => 4 };
        var json = new Option<bool>("--json") { Description = "Print full vectors as JSON" };
        var command = new Command("embed", "Print per-layer pooled vectors of texts") { texts, backbone, taps, pooling, maxTokens, values, json };
        command.SetAction(p =>
        {
            using var loader = BackboneLoader.CreateDefault();
            var loaded = loader.Get(p.GetValue(backbone)!, new Progress<string>(m => Consoles.Err.MarkupLineInterpolated($"[grey]{m}[/]")));
            var manifest = loaded.Backbone.Manifest;
            var tapList = p.GetValue(taps) is { } t
                ? t.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray()
                : Enumerable.Range(0, manifest.Layers + 1).ToArray();
            var runner = new EmbeddingRunner(loaded.Backbone, loaded.Tokenizer, new EmbeddingRunnerOptions { MaxTokens = p.GetValue(maxTokens) });
            var input = p.GetValue(texts)!;
            var sequences = runner.Tokenize(input, out _);
            var pooled = runner.Embed(sequences, tapList, p.GetValue(pooling));

            if (p.GetValue(json))
            {
                JsonReport.Write(input.Select((text, i) => new Dictionary<string, object?>
                {
                    ["text"] = text, ["backbone"] = manifest.Id, ["tokens"] = sequences[i].Length,
                    ["pooling"] = p.GetValue(pooling).ToString().ToLowerInvariant(),
                    ["layers"] = tapList.Select((tap, k) => new Dictionary<string, object?>
                    {
                        ["tap"] = tap, ["dim"] = pooled.Hidden, ["norm"] = Norm(pooled.Vector(i, k)), ["vector"] = pooled.Vector(i, k).ToArray(),
                    }).ToArray(),
                }).ToArray());
                return 0;
            }
            for (var i = 0; i < input.Length; i++)
            {
                var table = new Table().Border(TableBorder.Rounded).Title($"{Markup.Escape(Trim(input[i]))} ({sequences[i].Length} tokens, {manifest.Id}, {loaded.Backbone.ExecutionProvider})")
                    .AddColumns("tap", "dim", "L2 norm", "first values");
                for (var k = 0; k < tapList.Length; k++)
                {
                    var v = pooled.Vector(i, k);
                    var head = string.Join(", ", v[..Math.Min(p.GetValue(values), v.Length)].ToArray().Select(x => x.ToString("0.0000", CultureInfo.InvariantCulture)));
                    table.AddRow(tapList[k] == 0 ? "0 (embeddings)" : tapList[k].ToString(CultureInfo.InvariantCulture), v.Length.ToString(CultureInfo.InvariantCulture),
                        Norm(v).ToString("0.0000", CultureInfo.InvariantCulture), head);
                }
                Consoles.Out.Write(table);
            }
            return 0;
        });
        return command;
    }

    private static float Norm(ReadOnlySpan<float> v) => System.Numerics.Tensors.TensorPrimitives.Norm(v);
    private static string Trim(string text) => text.Length <= 60 ? text : text[..57] + "...";
}
