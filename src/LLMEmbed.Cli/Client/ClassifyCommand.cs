using System.CommandLine;
using System.Text.Json;
using LLMEmbed.Cli.Rendering;
using LLMEmbed.Protos.V1;
using Spectre.Console;

namespace LLMEmbed.Cli.Client;

/// <summary>
/// `llmembed classify TEXT... | --file FILE [--task T]...`: labels with top-k probabilities, as a table or one JSON object per text.
/// With --task (repeatable; '*' = every task) each named task answers from the same embedding pass of the text.
/// </summary>
internal static class ClassifyCommand
{
    public static Command Create()
    {
        var texts = new Argument<string[]>("text") { Description = "Texts to classify", Arity = ArgumentArity.ZeroOrMore };
        var file = new Option<string?>("--file") { Description = "Texts to classify: one per line, or the \"text\" of each JSONL line (.jsonl)" };
        var topK = new Option<int>("--top-k") { Description = "Probabilities per text (0 = all labels)", DefaultValueFactory = _ => 3 };
        var truncate = new Option<bool>("--truncate") { Description = $"Cut texts over the token limit (and, before sending, over {ClientTextLimit.MaxChars} characters) instead of failing" };
        var batch = new Option<int>("--batch") { Description = "Texts per call", DefaultValueFactory = _ => 64 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object per text (JSON lines)" };
        var tasks = new Option<string[]>("--task")
        {
            Description = "A task to answer (repeatable, in this order; '*' = every task, the default first); omitted, the default task only",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var command = new Command("classify", "Classify texts with the tenant's active head (or each named task's)") { texts, file, topK, truncate, batch, json, tasks };
        var settings = ClientSettings.ForTenant(command);
        command.SetAction(async (p, ct) =>
        {
            var input = ReadInput(p.GetValue(texts) ?? [], p.GetValue(file), p.GetValue(truncate));
            var named = ParseTasks(p.GetValue(tasks) ?? []);
            var batchSize = p.GetValue(batch);
            if (batchSize <= 0) throw new ArgumentException($"--batch must be positive, got {batchSize}.");
            using var connection = settings.Connect(p);
            var client = new Inference.InferenceClient(connection.Channel);
            var results = new List<Classification>(input.Count);
            foreach (var chunk in ClientTextLimit.Batches(input, batchSize))
            {
                var response = await client.ClassifyAsync(new ClassifyRequest
                {
                    Tenant = connection.Tenant, Texts = { chunk }, TopK = p.GetValue(topK), Truncate = p.GetValue(truncate), Tasks = { named },
                }, connection.Call(ct));
                results.AddRange(response.Results);
            }
            if (p.GetValue(json))
            {
                for (var i = 0; i < input.Count; i++)
                    Console.Out.WriteLine(JsonSerializer.Serialize(named.Length > 0 ? TaskAnswers.ToJson(input[i], results[i]) : ToJson(input[i], results[i])));
                return 0;
            }
            if (named.Length > 0)
            {
                TaskAnswers.Write(Consoles.Out, input, results);
                return 0;
            }
            var table = new Table().Border(TableBorder.Rounded).AddColumns("text", "label", "probabilities", "head", "prediction id");
            for (var i = 0; i < input.Count; i++)
            {
                var r = results[i];
                table.AddRow(Markup.Escape(Trim(input[i])) + (r.Truncated ? " [grey](truncated)[/]" : ""), r.Abstained ? $"[yellow]none[/] [grey](scope {r.ScopeScore:0.000})[/]" : $"[bold]{Markup.Escape(r.Label)}[/]",
                    Markup.Escape(string.Join("  ", r.Probabilities.Select(x => $"{x.Label} {x.Probability:0.000}"))), r.Source == "zero_shot" ? "zero-shot" : r.HeadVersion.ToString(), Markup.Escape(r.PredictionId));
            }
            Consoles.Out.Write(table);
            return 0;
        });
        return command;
    }

    internal static Dictionary<string, object> ToJson(string text, Classification result) => new()
    {
        ["text"] = text,
        ["label"] = result.Label,
        ["probabilities"] = result.Probabilities.ToDictionary(x => x.Label, x => (object)x.Probability),
        ["head_version"] = result.HeadVersion,
        ["truncated"] = result.Truncated,
        ["windows"] = result.Windows,
        ["abstained"] = result.Abstained,
        ["prediction_id"] = result.PredictionId,
        ["scope_score"] = result.ScopeScore,
        ["source"] = result.Source,
    };

    /// <summary>The --task values: none = the default task only (the request's tasks left empty); blanks and repeats refused here.</summary>
    internal static string[] ParseTasks(string[] tasks)
    {
        var names = tasks.Select(t => t.Trim()).ToArray();
        if (names.Any(n => n.Length == 0)) throw new ArgumentException("--task is empty; name a task, or '*' for every task.");
        if (names.Distinct(StringComparer.Ordinal).Count() != names.Length) throw new ArgumentException($"--task names a task twice: {string.Join(", ", names)}.");
        if (names.Length > 1 && names.Contains("*")) throw new ArgumentException("--task '*' asks for every task; name no other task with it.");
        return names;
    }

    /// <summary>The texts to classify, each within <see cref="ClientTextLimit.MaxChars"/> (cut with <paramref name="truncate"/>, else refused naming it).</summary>
    internal static IReadOnlyList<string> ReadInput(string[] texts, string? file, bool truncate = false)
    {
        if (file is null)
            return texts.Length > 0 ? texts.Select((t, i) => ClientTextLimit.Fit(t, $"text {i + 1}", truncate)).ToArray() : throw new ArgumentException("give texts to classify, or --file FILE.");
        if (texts.Length > 0) throw new ArgumentException("give texts or --file, not both.");
        if (!File.Exists(file)) throw new FileNotFoundException($"File not found: {file}", file);
        var jsonl = file.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || file.EndsWith(".ndjson", StringComparison.OrdinalIgnoreCase);
        var lines = new List<string>();
        var number = 0;
        foreach (var line in File.ReadLines(file))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            if (!jsonl) { lines.Add(ClientTextLimit.Fit(line, $"{file}:{number}", truncate)); continue; }
            try
            {
                using var document = JsonDocument.Parse(line);
                if (document.RootElement.ValueKind != JsonValueKind.Object
                    || !document.RootElement.TryGetProperty("text", out var text) || text.ValueKind != JsonValueKind.String)
                    throw new InvalidDataException($"{file}:{number}: expected an object with a string \"text\".");
                lines.Add(ClientTextLimit.Fit(text.GetString()!, $"{file}:{number}", truncate));
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{file}:{number}: bad JSON: {e.Message}", e);
            }
        }
        return lines.Count > 0 ? lines : throw new InvalidDataException($"{file}: no texts.");
    }

    private static string Trim(string text) => text.Length <= 60 ? text : text[..57] + "...";
}
