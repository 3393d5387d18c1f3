using LLMEmbed.Grains.Abstractions.Tenants;
using System.Net;
using System.Text;
using LLMEmbed.Gateway.Tests.EndToEnd;

namespace LLMEmbed.Gateway.Tests.Http;

/// <summary>llmembed.v1 over HTTP/JSON (transcoded routes and the import route) against a real host.</summary>
public sealed class HttpApiTests(HttpHostFixture host) : IClassFixture<HttpHostFixture>
{
    [Fact]
    public async Task Labels_examples_and_counts_round_trip_as_json()
    {
        var t = await HttpTenant.CreateAsync(host, "json-rt", "[\"crude\",\"earn\"]");
        var added = await HttpJson.OkAsync(t.Client, HttpMethod.Post, "/v1/tenants/json-rt/examples",
            "{\"examples\":[{\"text\":\"Oil prices rose sharply.\",\"label\":\"crude\"},{\"text\":\"Quarterly profit doubled.\",\"label\":\"earn\"}]}");
        Assert.Equal(2, added["accepted"]!.GetValue<long>());
        await HttpJson.OkAsync(t.Client, HttpMethod.Post, "/v1/tenants/json-rt/labels", "{\"label\":\"money-fx\"}");
        await HttpJson.OkAsync(t.Client, HttpMethod.Post, "/v1/tenants/json-rt/labels/rename", "{\"label\":\"money-fx\",\"newName\":\"fx\"}");
        var retired = await HttpJson.OkAsync(t.Client, HttpMethod.Post, "/v1/tenants/json-rt/labels/retire", "{\"label\":\"fx\"}");
        Assert.DoesNotContain(retired["labels"]!.AsArray(), l => l!["name"]!.GetValue<string>() == "fx" && !l["retired"]!.GetValue<bool>());
        var counts = await HttpJson.OkAsync(t.Client, HttpMethod.Get, "/v1/tenants/json-rt/examples/count");
        Assert.Equal(2, counts["total"]!.GetValue<long>());
        Assert.Equal(1, counts["perLabel"]!["crude"]!.GetValue<long>());

        using var admin = host.Client(HttpHostFixture.AdminKey);
        var tenants = await HttpJson.OkAsync(admin, HttpMethod.Get, "/v1/tenants");
        Assert.Contains(tenants["tenants"]!.AsArray(), s => s!["tenant"]!.GetValue<string>() == "json-rt" && s["examples"]!.GetValue<long>() == 2);
    }

    [Fact]
    public async Task Import_streams_jsonl_and_csv_in_chunks()
    {
        var t = await HttpTenant.CreateAsync(host, "imp", "[\"crude\",\"earn\",\"money-fx\"]");
        var rows = Reuters.Split("train");
        var jsonl = string.Join("\n", rows.Select(r => $"{{\"text\":{HttpJson.Quote(r.Text)},\"label\":{HttpJson.Quote(r.Label)}}}"));
        var imported = await PostImportAsync(t, jsonl, "application/x-ndjson");
        Assert.Equal(HttpStatusCode.OK, imported.Status);
        Assert.Equal(rows.Count, imported.Json!["accepted"]!.GetValue<long>());

        var csv = "text,label\n\"A line, with a comma and \"\"quotes\"\"\nand a break\",earn\nPlain text,crude\n";
        var fromCsv = await PostImportAsync(t, csv, "text/csv");
        Assert.Equal(HttpStatusCode.OK, fromCsv.Status);
        Assert.Equal(2, fromCsv.Json!["accepted"]!.GetValue<long>());
        Assert.Equal(rows.Count + 2, fromCsv.Json!["totalExamples"]!.GetValue<long>());
    }

    [Fact]
    public async Task Import_takes_vertex_jsonl_and_crm_csv_with_named_columns()
    {
        var t = await HttpTenant.CreateAsync(host, "imp-fmt", "[\"crude\",\"earn\"]");
        var vertex = "{\"textContent\":\"Oil prices rose.\",\"classificationAnnotation\":{\"displayName\":\"crude\"},\"dataItemResourceLabels\":{\"aiplatform.googleapis.com/ml_use\":\"training\"}}\n"
            + "{\"textContent\":\"Profit doubled.\",\"classificationAnnotations\":[{\"displayName\":\"earn\"}]}\n";
        var fromVertex = await PostImportAsync(t, vertex, "application/x-ndjson");
        Assert.Equal(HttpStatusCode.OK, fromVertex.Status);
        Assert.Equal(2, fromVertex.Json!["accepted"]!.GetValue<long>());

        // A CRM export: ';' separated, columns in another order, extra columns, names chosen by query.
        var csv = "id;Category;Body;created\n1;earn;\"Net; up 5%\";2024-01-01\n2;crude;Brent fell;2024-01-02\n3;earn;Dividend raised;2024-01-03\n";
        var fromCsv = await PostImportAsync(t, csv, "text/csv", "&text_column=body&label_column=category");
        Assert.Equal(HttpStatusCode.OK, fromCsv.Status);
        Assert.Equal(3, fromCsv.Json!["accepted"]!.GetValue<long>());
        Assert.Equal(5, fromCsv.Json!["totalExamples"]!.GetValue<long>());

        var counts = await HttpJson.OkAsync(t.Client, HttpMethod.Get, "/v1/tenants/imp-fmt/examples/count");
        Assert.Equal(3, counts["perLabel"]!["earn"]!.GetValue<long>());
        Assert.Equal(2, counts["perLabel"]!["crude"]!.GetValue<long>());
    }

    [Fact]
    public async Task Import_stops_at_the_first_bad_row_keeping_every_piece_before_it()
    {
        var t = await HttpTenant.CreateAsync(host, "imp-bad", "[\"crude\",\"earn\"]");
        // Pieces of TextsPerGrainCall (64 here: the tenant's texts_per_call): rows 1-64 commit, the bad row 73 drops rows 65-72 of its piece.
        var lines = Enumerable.Range(1, 100).Select(i => i == 73
            ? "{\"text\":\"broken row\",\"label\":\"no-such-label\"}"
            : $"{{\"text\":\"story {i}\",\"label\":\"{(i % 2 == 0 ? "earn" : "crude")}\"}}");
        var (status, json, headers) = await PostImportAsync(t, string.Join("\n", lines), "application/x-ndjson");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith("line 73:", json!["message"]!.GetValue<string>());
        Assert.Equal("73", headers.GetValues("llmembed-import-row").Single());
        Assert.Equal("64", headers.GetValues("llmembed-import-committed").Single());
        Assert.Equal("65", headers.GetValues("llmembed-import-resume-line").Single());
        var counts = await HttpJson.OkAsync(t.Client, HttpMethod.Get, "/v1/tenants/imp-bad/examples/count");
        Assert.Equal(64, counts["total"]!.GetValue<long>());

        var malformed = await PostImportAsync(t, "{\"text\":\"ok\",\"label\":\"earn\"}\n{\"text\": 5}", "application/x-ndjson");
        Assert.Equal(HttpStatusCode.BadRequest, malformed.Status);
        // The malformed line is named once, by its line; the row before it is stored.
        Assert.StartsWith("line 2:", malformed.Json!["message"]!.GetValue<string>());
        Assert.Contains("\"text\"", malformed.Json.ToJsonString());
        Assert.Equal("1", malformed.Headers.GetValues("llmembed-import-committed").Single());
    }

    [Fact]
    public async Task Statuses_follow_the_transcoding_table()
    {
        var owner = await HttpTenant.CreateAsync(host, "st-owner", "[\"a\",\"b\"]");
        var other = await HttpTenant.CreateAsync(host, "st-other");
        using var anonymous = host.Client();
        using var wrongKey = host.Client("lle_st-owner.not-the-secret");
        using var admin = host.Client(HttpHostFixture.AdminKey);
        using var ghostKey = host.Client("lle_st-ghost.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        var cases = new (HttpClient Client, HttpMethod Method, string Path, string? Body, HttpStatusCode Expected, int Code)[]
        {
            (anonymous, HttpMethod.Get, "/v1/tenants/st-owner/heads", null, HttpStatusCode.Unauthorized, 16),
            (wrongKey, HttpMethod.Get, "/v1/tenants/st-owner/heads", null, HttpStatusCode.Unauthorized, 16),
            (other.Client, HttpMethod.Get, "/v1/tenants/st-owner/heads", null, HttpStatusCode.Forbidden, 7),
            (anonymous, HttpMethod.Get, "/v1/tenants", null, HttpStatusCode.Unauthorized, 16),
            (owner.Client, HttpMethod.Get, "/v1/tenants", null, HttpStatusCode.Unauthorized, 16),
            (ghostKey, HttpMethod.Get, "/v1/tenants/st-ghost/heads", null, HttpStatusCode.Unauthorized, 16), // a tenant that does not exist: the same answer as a wrong key
            (owner.Client, HttpMethod.Get, "/v1/tenants/st-owner/jobs/no-such-job", null, HttpStatusCode.NotFound, 5),
            (owner.Client, HttpMethod.Post, "/v1/tenants/st-owner/jobs/no-such-job/cancel", null, HttpStatusCode.NotFound, 5),
            (owner.Client, HttpMethod.Post, "/v1/tenants/st-owner/heads/7/promote", null, HttpStatusCode.NotFound, 5),
            (admin, HttpMethod.Post, "/v1/tenants", "{\"tenant\":\"st-owner\"}", HttpStatusCode.Conflict, 6),
            (owner.Client, HttpMethod.Post, "/v1/tenants/st-owner/jobs", "{}", HttpStatusCode.BadRequest, 9),
            (owner.Client, HttpMethod.Post, "/v1/tenants/st-owner/classify", "{\"texts\":[]}", HttpStatusCode.BadRequest, 3),
            (owner.Client, HttpMethod.Post, "/v1/tenants/st-owner/classify",
                "{\"texts\":[" + string.Join(",", Enumerable.Repeat("\"x\"", HttpHostFixture.TextsPerCall + 1)) + "]}", HttpStatusCode.TooManyRequests, 8),
        };
        foreach (var c in cases)
        {
            var (status, json, text) = await HttpJson.SendAsync(c.Client, c.Method, c.Path, c.Body);
            Assert.True(status == c.Expected, $"{c.Method} {c.Path}: expected {(int)c.Expected}, got {(int)status}: {text}");
            Assert.Equal(c.Code, json!["code"]!.GetValue<int>());
            Assert.False(string.IsNullOrWhiteSpace(json["message"]!.GetValue<string>()));
        }
    }

    [Fact]
    public async Task An_import_id_over_its_bound_is_refused_before_any_row_is_stored()
    {
        var t = await HttpTenant.CreateAsync(host, "imp-id", "[\"crude\",\"earn\"]");
        const string row = "{\"text\":\"Oil output rose.\",\"label\":\"crude\"}\n";
        var refused = await PostImportAsync(t, row, "application/x-ndjson", "&import_id=" + new string('x', ImportIds.MaxLength + 1));
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Contains("import_id", refused.Json!["message"]!.GetValue<string>());
        var counts = await HttpJson.OkAsync(t.Client, HttpMethod.Get, "/v1/tenants/imp-id/examples/count");
        Assert.Equal(0, counts["total"]!.GetValue<long>());
        var accepted = await PostImportAsync(t, row, "application/x-ndjson", "&import_id=" + new string('x', ImportIds.MaxLength));
        Assert.Equal(HttpStatusCode.OK, accepted.Status);
    }

    [Fact]
    public async Task Requests_per_second_over_http_is_429()
    {
        using var admin = host.Client(HttpHostFixture.AdminKey);
        var created = await HttpJson.OkAsync(admin, HttpMethod.Post, "/v1/tenants", "{\"tenant\":\"slow\",\"limits\":{\"requestsPerSecond\":1}}");
        using var client = host.Client(created["key"]!.GetValue<string>());
        var refused = new List<HttpResponseMessage>();
        for (var i = 0; i < 5; i++)
        {
            var response = await client.GetAsync("/v1/tenants/slow/labels");
            if (response.StatusCode == HttpStatusCode.TooManyRequests) refused.Add(response);
            else response.Dispose();
        }
        Assert.NotEmpty(refused);
        // Every 429 of a rate says when to retry (RFC 9110 Retry-After, whole seconds): one token a second here.
        Assert.All(refused, r => Assert.Equal(TimeSpan.FromSeconds(1), r.Headers.RetryAfter?.Delta));
        foreach (var r in refused) r.Dispose();
    }

    private async Task<(HttpStatusCode Status, System.Text.Json.Nodes.JsonNode? Json, System.Net.Http.Headers.HttpResponseHeaders Headers)> PostImportAsync(
        HttpTenant t, string body, string contentType, string query = "")
    {
        using var content = new StringContent(body, Encoding.UTF8, contentType);
        // truncate: the Reuters stories run past the test host's 128-token limit.
        using var response = await t.Client.PostAsync($"/v1/tenants/{t.Tenant}/examples/import?truncate=true{query}", content);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, System.Text.Json.Nodes.JsonNode.Parse(text), response.Headers);
    }
}
