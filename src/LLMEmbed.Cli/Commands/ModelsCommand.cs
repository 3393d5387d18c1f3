using System.CommandLine;
using System.Text.Json;
using LLMEmbed.Cli.Rendering;
using LLMEmbed.Core;
using LLMEmbed.Core.Models;
using Spectre.Console;

namespace LLMEmbed.Cli.Commands;

/// <summary>`llmembed models list|fetch`: the manifests and the state of their local cache.</summary>
internal static class ModelsCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print JSON" };
        var list = new Command("list", "List backbone manifests and whether their weights are extracted") { json };
        list.SetAction(p =>
        {
            var catalog = ModelCatalog.Load();
            var store = new ModelStore(LLMEmbedPaths.Default());
            var rows = catalog.Manifests.Select(m => (Manifest: m, State: store.GetState(m))).ToArray();
            if (p.GetValue(json))
            {
                JsonReport.Write(rows.Select(r => new Dictionary<string, object?>
                {
                    ["id"] = r.Manifest.Id, ["architecture"] = r.Manifest.Architecture.ToString().ToLowerInvariant(),
                    ["layers"] = r.Manifest.Layers, ["hidden_size"] = r.Manifest.HiddenSize, ["max_tokens"] = r.Manifest.MaxTokens,
                    ["tokenizer"] = r.Manifest.Tokenizer.Kind.ToString(), ["default_taps"] = r.Manifest.DefaultTaps,
                    ["default_pooling"] = r.Manifest.DefaultPooling.ToString().ToLowerInvariant(), ["licence"] = r.Manifest.Licence,
                    ["source"] = r.Manifest.Source.Package ?? r.Manifest.Source.ModelPath, ["cache"] = r.State.Status,
                    ["cache_dir"] = r.State.Directory,
                }).ToArray());
                return 0;
            }
            var table = new Table().Border(TableBorder.Rounded)
                .AddColumns("id", "arch", "layers", "hidden", "max tokens", "tokenizer", "default taps", "pooling", "licence", "source", "cache");
            foreach (var (m, s) in rows)
                table.AddRow(Markup.Escape(m.Id), m.Architecture.ToString().ToLowerInvariant(), m.Layers.ToString(), m.HiddenSize.ToString(),
                    m.MaxTokens.ToString(), m.Tokenizer.Kind.ToString(), string.Join(',', m.DefaultTaps), m.DefaultPooling.ToString().ToLowerInvariant(),
                    Markup.Escape(m.Licence?.Split(' ')[0] ?? "?"), Markup.Escape($"{m.Source.Package ?? m.Source.ModelPath} {m.Source.Version}"),
                    s.Ready ? "[green]ready[/]" : $"[yellow]{Markup.Escape(s.Status)}[/]");
            Consoles.Out.Write(table);
            Consoles.Out.MarkupLine($"[grey]manifests: {Markup.Escape(catalog.Directory)} · cache: {Markup.Escape(LLMEmbedPaths.Default().Models)}[/]");
            return 0;
        });

        var id = new Argument<string[]>("id") { Description = "Backbone ids (default: all)", Arity = ArgumentArity.ZeroOrMore };
        var fetch = new Command("fetch", "Extract, verify (sha256) and tap the weights now") { id };
        fetch.SetAction(p =>
        {
            var catalog = ModelCatalog.Load();
            var store = new ModelStore(LLMEmbedPaths.Default());
            var ids = p.GetValue(id) is { Length: > 0 } given ? given : catalog.Manifests.Select(m => m.Id).ToArray();
            foreach (var backbone in ids)
            {
                var files = store.Ensure(catalog.Get(backbone), new Progress<string>(m => Consoles.Err.MarkupLineInterpolated($"[grey]{backbone}: {m}[/]")));
                Consoles.Out.MarkupLineInterpolated($"{backbone}: [green]ready[/] {files.TappedModelPath} ({files.TapOutputNames.Length} taps)");
            }
            return 0;
        });

        return new Command("models", "Backbone manifests and the local model cache") { list, fetch };
    }
}
