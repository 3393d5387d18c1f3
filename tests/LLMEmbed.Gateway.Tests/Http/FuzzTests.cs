using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace LLMEmbed.Gateway.Tests.Http;

/// <summary>
/// Bounded fuzzing of every HTTP route on loopback: a fixed seed, a fixed number of requests and a
/// time cap. Random and mutated JSON (and query strings, and JSONL for the import) must never get a
/// 5xx, and a request that is refused must leave the stored labels, counts, heads and tenants as they were.
/// </summary>
public sealed class FuzzTests(HttpHostFixture host) : IClassFixture<HttpHostFixture>
{
    private const int Seed = 20261201;
    private const int Requests = 2500;
    private static readonly TimeSpan TimeCap = TimeSpan.FromMinutes(4);

    private sealed record Route(string Method, string Path, string? Body, bool Mutates, bool Admin = false, string ContentType = "application/json");

    private static readonly Route[] Routes =
    [
        new("POST", "/v1/tenants", "{\"tenant\":\"fz-new\",\"recipe\":\"last\",\"keepTexts\":false,\"limits\":{\"requestsPerSecond\":0,\"textsPerCall\":0,\"maxExamples\":0,\"maxLabels\":0}}", true, Admin: true),
        new("GET", "/v1/tenants", null, false, Admin: true),
        new("POST", "/v1/tenants/fz/key", null, true),
        new("DELETE", "/v1/tenants/fz", null, true),
        new("PUT", "/v1/tenants/fz/labels", "{\"labels\":[\"a\",\"b\"]}", true),
        new("POST", "/v1/tenants/fz/labels", "{\"label\":\"c\"}", true),
        new("POST", "/v1/tenants/fz/labels/rename", "{\"label\":\"a\",\"newName\":\"aa\"}", true),
        new("POST", "/v1/tenants/fz/labels/retire", "{\"label\":\"b\"}", true),
        new("GET", "/v1/tenants/fz/labels", null, false),
        new("POST", "/v1/tenants/fz/examples", "{\"examples\":[{\"text\":\"hello\",\"label\":\"a\"}],\"truncate\":true}", true),
        new("POST", "/v1/tenants/fz/examples/import", "{\"text\":\"hello\",\"label\":\"a\"}\n{\"text\":\"bye\",\"label\":\"b\"}", true, ContentType: "application/x-ndjson"),
        new("GET", "/v1/tenants/fz/examples/count", null, false),
        new("POST", "/v1/tenants/fz/jobs", "{\"mode\":\"TRAIN_MODE_FULL\",\"head\":\"HEAD_KIND_LOGREG\",\"force\":false}", true),
        new("GET", "/v1/tenants/fz/jobs/j1", null, false),
        new("POST", "/v1/tenants/fz/jobs/j1/cancel", null, true),
        new("GET", "/v1/tenants/fz/heads", null, false),
        new("POST", "/v1/tenants/fz/heads/1/promote", null, true),
        new("POST", "/v1/tenants/fz/heads/rollback", "{\"version\":0}", true),
        new("POST", "/v1/tenants/fz/classify", "{\"texts\":[\"oil\"],\"topK\":2,\"truncate\":true}", false),
        new("POST", "/v1/tenants/fz/embed", "{\"texts\":[\"oil\"],\"truncate\":true}", false),
        new("POST", "/v1/embeddings", "{\"input\":[\"oil\"],\"model\":\"last\",\"encoding_format\":\"float\"}", false),
    ];

    [Fact]
    public async Task Random_and_mutated_bodies_never_5xx_and_refusals_change_nothing()
    {
        using var admin = host.Client(HttpHostFixture.AdminKey);
        // At most 9 examples: no label set can reach 5 examples on two labels, so fuzzing never starts a real training run.
        var created = await HttpJson.OkAsync(admin, HttpMethod.Post, "/v1/tenants", "{\"tenant\":\"fz\",\"limits\":{\"maxExamples\":9,\"maxLabels\":6}}");
        var key = created["key"]!.GetValue<string>();
        using var tenant = host.Client(key);
        await HttpJson.OkAsync(tenant, HttpMethod.Put, "/v1/tenants/fz/labels", "{\"labels\":[\"a\",\"b\"]}");

        var random = new Random(Seed);
        var clock = Stopwatch.StartNew();
        var baseline = await SnapshotAsync(admin, tenant);
        var statuses = new Dictionary<int, int>();
        var sent = 0;
        for (; sent < Requests && clock.Elapsed < TimeCap; sent++)
        {
            var route = Routes[random.Next(Routes.Length)];
            // Key-changing routes get the tenant's key: fuzz them for auth, not for deleting the fuzzed tenant.
            var client = route.Admin ? admin : tenant;
            var (path, body) = Mutate(route, random);
            if (route.Mutates)
            {
                Assert.Equal(baseline, await SnapshotAsync(admin, tenant));
            }
            var examplesBefore = route.Mutates ? await ExamplesAsync(tenant) : 0;
            var (status, committed) = await SendAsync(client, route, path, body);
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            Assert.True(status < 500, $"#{sent} {route.Method} {path} {Cut(body)} -> {status}");
            if (route.Mutates)
            {
                var after = await SnapshotAsync(admin, tenant);
                // A refused import keeps the rows before its bad line (reported in llmembed-import-committed), and nothing else.
                if (status is < 200 or >= 300 && committed is > 0)
                    Assert.Equal(examplesBefore + committed.Value, await ExamplesAsync(tenant));
                else if (status is < 200 or >= 300)
                    Assert.True(baseline == after, $"#{sent} {route.Method} {path} {Cut(body)} -> {status} changed what is stored");
                baseline = after;
            }
        }
        Assert.Equal(baseline, await SnapshotAsync(admin, tenant));
        Assert.True(sent >= 1000, $"only {sent} fuzz requests ran within {TimeCap}");
        // Both refusals and successes happened, so the mutations are neither all trivial nor all garbage.
        Assert.Contains(statuses.Keys, s => s == 400);
        Assert.Contains(statuses.Keys, s => s == 200);
    }

    private static async Task<long> ExamplesAsync(HttpClient tenant) =>
        long.Parse((await HttpJson.OkAsync(tenant, HttpMethod.Get, "/v1/tenants/fz/examples/count"))["total"]!.ToString(), System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<(int Status, long? Committed)> SendAsync(HttpClient client, Route route, string path, string? body)
    {
        using var request = new HttpRequestMessage(new HttpMethod(route.Method), path);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, route.ContentType);
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        // Every refusal is JSON, never an HTML or empty error page.
        if ((int)response.StatusCode >= 400) Assert.True(text.Length > 0 && JsonNode.Parse(text) is JsonObject, $"{route.Method} {path} -> {(int)response.StatusCode}: {Cut(text)}");
        long? committed = response.Headers.TryGetValues("llmembed-import-committed", out var values) ? long.Parse(values.First(), System.Globalization.CultureInfo.InvariantCulture) : null;
        return ((int)response.StatusCode, committed);
    }

    private static async Task<string> SnapshotAsync(HttpClient admin, HttpClient tenant)
    {
        var tenants = await HttpJson.OkAsync(admin, HttpMethod.Get, "/v1/tenants");
        var labels = await HttpJson.OkAsync(tenant, HttpMethod.Get, "/v1/tenants/fz/labels?includeRetired=true");
        var heads = await HttpJson.OkAsync(tenant, HttpMethod.Get, "/v1/tenants/fz/heads");
        foreach (var t in tenants["tenants"]!.AsArray()) t!.AsObject().Remove("createdUnixMs");
        return new JsonArray(tenants.DeepClone(), labels.DeepClone(), heads.DeepClone()).ToJsonString();
    }

    private static (string Path, string? Body) Mutate(Route route, Random random)
    {
        var path = route.Path;
        if (route.Body is null || random.Next(4) == 0) path += "?" + RandomToken(random) + "=" + Uri.EscapeDataString(Json(RandomScalar(random)));
        if (route.Body is null) return (path, random.Next(5) == 0 ? Json(RandomValue(random, 2)) : null);
        return (path, random.Next(3) switch
        {
            0 => MutateText(route.Body, random),
            1 => MutateTree(route.Body, random),
            _ => Json(RandomValue(random, 3)),
        });
    }

    /// <summary>Byte-level damage: drop, duplicate, insert or replace a few characters, or cut the text short.</summary>
    private static string MutateText(string body, Random random)
    {
        var text = new StringBuilder(body);
        for (var n = random.Next(1, 4); n > 0 && text.Length > 0; n--)
        {
            var at = random.Next(text.Length);
            switch (random.Next(5))
            {
                case 0: text.Remove(at, 1); break;
                case 1: text.Insert(at, text[at]); break;
                case 2: text.Insert(at, "{}[]\",:\\0-9eE.tfn\u00e9\u0000"[random.Next(19)]); break;
                case 3: text[at] = (char)random.Next(32, 127); break;
                default: text.Length = at; break;
            }
        }
        return text.ToString();
    }

    /// <summary>Structural damage to the valid body: retype, drop, add or nest fields (JSONL: one line).</summary>
    private static string MutateTree(string body, Random random)
    {
        var lines = body.Split('\n');
        var index = random.Next(lines.Length);
        var root = JsonNode.Parse(lines[index])!.AsObject();
        var keys = root.Select(p => p.Key).ToList();
        switch (random.Next(4))
        {
            case 0 when keys.Count > 0: root[keys[random.Next(keys.Count)]] = RandomValue(random, 2); break;
            case 1 when keys.Count > 0: root.Remove(keys[random.Next(keys.Count)]); break;
            case 2: root[RandomToken(random)] = RandomValue(random, 1); break;
            default:
                if (keys.Count > 0 && root[keys[0]] is JsonArray array && array.Count > 0 && array[0] is JsonObject item)
                    item[RandomToken(random)] = RandomValue(random, 1);
                else if (keys.Count > 0) root[keys[0]] = new JsonArray(RandomValue(random, 1), RandomValue(random, 1));
                break;
        }
        lines[index] = root.ToJsonString();
        return string.Join("\n", lines);
    }

    private static JsonNode? RandomValue(Random random, int depth) => (depth <= 0 ? random.Next(6) : random.Next(8)) switch
    {
        < 6 => RandomScalar(random),
        6 => new JsonArray(Enumerable.Range(0, random.Next(4)).Select(_ => RandomValue(random, depth - 1)).ToArray()),
        _ => new JsonObject(Enumerable.Range(0, random.Next(4)).Select(_ => KeyValuePair.Create(RandomToken(random), RandomValue(random, depth - 1)))
            .DistinctBy(p => p.Key)),
    };

    private static JsonNode? RandomScalar(Random random) => random.Next(8) switch
    {
        0 => null,
        1 => JsonValue.Create(random.Next(2) == 0),
        2 => JsonValue.Create(random.Next(-3, 10)),
        3 => JsonValue.Create(random.NextDouble() * 1e20 - 5e19),
        4 => JsonValue.Create("TRAIN_MODE_INCREMENTAL"),
        5 => JsonValue.Create(new string('w', random.Next(0, 40))),
        6 => JsonValue.Create(RandomToken(random)),
        _ => JsonValue.Create("\u00e9\u4e2d\ud83d\ude00<img src=x onerror=alert(1)>"),
    };

    private static readonly string[] Tokens = ["tenant", "labels", "label", "newName", "new_name", "examples", "text", "texts", "mode", "head", "version",
        "topK", "truncate", "input", "model", "encoding_format", "limits", "includeRetired", "job_id", "x", "", "__proto__", "@type"];

    private static string RandomToken(Random random) => Tokens[random.Next(Tokens.Length)];

    private static string Json(JsonNode? node) => node?.ToJsonString() ?? "null";

    private static string Cut(string? text) => text is null ? "" : text.Length > 200 ? text[..200] : text;
}
