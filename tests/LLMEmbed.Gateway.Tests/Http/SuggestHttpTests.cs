using System.Net;
using System.Text;
using LLMEmbed.Gateway.Tests.EndToEnd;

namespace LLMEmbed.Gateway.Tests.Http;

/// <summary>GET /v1/tenants/{tenant}/suggestions (transcoded Examples.Suggest) after an HTTP import with ?unlabelled=true.</summary>
public sealed class SuggestHttpTests(HttpHostFixture host) : IClassFixture<HttpHostFixture>
{
    [Fact]
    public async Task Suggestions_come_over_http_with_the_default_count_and_the_transcoded_statuses()
    {
        var t = await HttpTenant.CreateAsync(host, "sugg-http", "[\"crude\",\"earn\"]");
        // Unlabelled rows: a label column is optional.
        var texts = Reuters.Split("test").Take(15).Select(r => r.Text).ToArray();
        var jsonl = string.Join("\n", texts.Select(x => $"{{\"text\":{HttpJson.Quote(x)}}}"));
        using var content = new StringContent(jsonl, Encoding.UTF8, "application/x-ndjson");
        using var imported = await t.Client.PostAsync("/v1/tenants/sugg-http/examples/import?truncate=true&unlabelled=true", content);
        Assert.True(imported.StatusCode == HttpStatusCode.OK, await imported.Content.ReadAsStringAsync());

        var listed = await HttpJson.OkAsync(t.Client, HttpMethod.Get, "/v1/tenants/sugg-http/examples?source=unlabelled&pageSize=100");
        var ids = listed["examples"]!.AsArray().Select(e => e!["id"]!.ToString()).ToHashSet();
        Assert.Equal(15, ids.Count);

        var spread = await HttpJson.OkAsync(t.Client, HttpMethod.Get, "/v1/tenants/sugg-http/suggestions");
        Assert.Equal("spread", spread["strategy"]!.GetValue<string>());
        var suggestions = spread["suggestions"]!.AsArray();
        Assert.Equal(10, suggestions.Count);
        Assert.All(suggestions, s => Assert.Contains(s!["exampleId"]!.ToString(), ids));
        Assert.All(suggestions, s => Assert.Contains(s!["text"]!.GetValue<string>(), texts));
        Assert.Equal(3, (await HttpJson.OkAsync(t.Client, HttpMethod.Get, "/v1/tenants/sugg-http/suggestions?count=3"))["suggestions"]!.AsArray().Count);

        var (tooMany, body, _) = await HttpJson.SendAsync(t.Client, HttpMethod.Get, "/v1/tenants/sugg-http/suggestions?count=101");
        Assert.Equal(HttpStatusCode.BadRequest, tooMany);
        Assert.Contains("count", body!.ToJsonString());
        using var wrongKey = host.Client("lle_sugg-http.not-the-secret");
        Assert.Equal(HttpStatusCode.Unauthorized, (await HttpJson.SendAsync(wrongKey, HttpMethod.Get, "/v1/tenants/sugg-http/suggestions")).Status);
    }
}
