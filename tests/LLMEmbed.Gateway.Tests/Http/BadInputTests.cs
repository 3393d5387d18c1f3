using System.Net;
using System.Text;

namespace LLMEmbed.Gateway.Tests.Http;

/// <summary>
/// Bad input on the HTTP surface: each case gets its status and a JSON error naming the field, and
/// nothing the tenant has stored changes.
/// </summary>
public sealed class BadInputTests(HttpHostFixture host) : IClassFixture<HttpHostFixture>
{
    private static readonly string Huge = "{\"texts\":[\"" + new string('x', HttpHostFixture.MaxReceiveMessageBytes) + "\"]}";

    public static TheoryData<string, string, string?, int, string> Cases => new()
    {
        // method, path (tenant "bad"), body, HTTP status, field named in the error
        { "PUT", "/v1/tenants/bad/labels", "{\"labels\":[\"a\",", 400, "body" },
        { "PUT", "/v1/tenants/bad/labels", "[\"a\"]", 400, "body" },
        { "PUT", "/v1/tenants/bad/labels", "{\"labels\":\"a\"}", 400, "labels" },
        { "PUT", "/v1/tenants/bad/labels", "{\"labels\":[1,2]}", 400, "labels[0]" },
        { "PUT", "/v1/tenants/bad/labels", "{\"labelz\":[\"a\"]}", 400, "labelz" },
        { "PUT", "/v1/tenants/bad/labels", "{\"labels\":[\"a\"],\"tenant\":\"someone-else\"}", 400, "tenant" },
        { "POST", "/v1/tenants/bad/examples", "{\"examples\":[{\"text\":1,\"label\":\"a\"}]}", 400, "examples[0].text" },
        { "POST", "/v1/tenants/bad/examples", "{\"examples\":[{\"text\":\"x\",\"label\":\"a\",\"extra\":true}]}", 400, "examples[0].extra" },
        { "POST", "/v1/tenants/bad/examples", "{\"examples\":[{\"text\":\" \",\"label\":\"a\"}]}", 400, "examples[0].text" },
        { "POST", "/v1/tenants/bad/examples", "{\"examples\":[{\"text\":\"x\",\"label\":\"a\"}],\"truncate\":\"yes\"}", 400, "truncate" },
        { "POST", "/v1/tenants/bad/jobs", "{\"mode\":\"TRAIN_MODE_SIDEWAYS\"}", 400, "mode" },
        { "POST", "/v1/tenants/bad/jobs", "{\"head\":7}", 400, "head" },
        { "POST", "/v1/tenants/bad/classify", "{\"texts\":[\"x\"],\"top_k\":99999999999}", 400, "top_k" },
        { "POST", "/v1/tenants/bad/classify", "{\"texts\":[\"x\"],\"topK\":-1}", 400, "top_k" },
        { "POST", "/v1/tenants/bad/classify", "{\"texts\":[\"ok\",\"\"]}", 400, "texts[1]" },
        { "POST", "/v1/tenants/bad/classify", Huge, 413, "body" },
        { "POST", "/v1/tenants/bad/heads/x/promote", null, 400, "version" },
        { "POST", "/v1/tenants/bad/heads/1/promote", "{\"version\":1}", 400, "body" },
        { "POST", "/v1/tenants/bad/heads/0/promote", null, 400, "version" },
        { "GET", "/v1/tenants/bad/labels?bogus=1", null, 400, "bogus" },
        { "GET", "/v1/tenants/bad/labels?includeRetired=maybe", null, 400, "include_retired" },
        { "POST", "/v1/tenants/bad/examples/import?format=xml", "text,label\n", 400, "format" },
        { "POST", "/v1/tenants/bad/examples/import?format=csv", "txt,lbl\nx,a\n", 400, "header" },
        { "POST", "/v1/tenants/bad/examples/import?format=jsonl", "{\"text\":\"x\",\"label\":\"a\",\"who\":1}", 400, "who" },
        { "POST", "/v1/tenants/bad/examples/import?format=csv&separator=pipe", "text,label\nx,a\n", 400, "separator" },
        { "POST", "/v1/tenants/bad/examples/import?format=csv&no_header=true&text_column=body", "x,a\n", 400, "text_column" },
        { "POST", "/v1/tenants/bad/examples/import?format=csv&no_header=maybe", "x,a\n", 400, "no_header" },
        { "POST", "/v1/tenants/bad/examples/import?format=jsonl", "{\"prompt\":\"x\",\"completion\":\"a\"}", 400, "body" },
        { "POST", "/v1/tenants/bad/examples/import?format=jsonl", "{\"textContent\":\"x\",\"classificationAnnotations\":[{\"displayName\":\"a\"},{\"displayName\":\"b\"}]}", 400, "classificationAnnotations" },
        { "POST", "/v1/tenants/bad/examples/import?format=jsonl", "{\"text\":\"" + new string('y', HttpHostFixture.MaxReceiveMessageBytes + 10) + "\"}", 400, "body" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Refused_with_the_field_named_and_nothing_stored(string method, string path, string? body, int status, string field)
    {
        var t = await BadTenantAsync();
        var before = await t.SnapshotAsync();
        var (actual, json, text) = await HttpJson.SendAsync(t.Client, new HttpMethod(method), path, body);
        Assert.True((int)actual == status, $"{method} {path}: expected {status}, got {(int)actual}: {Cut(text)}");
        Assert.NotNull(json);
        Assert.Equal(field, json!["details"]![0]!["fieldViolations"]![0]!["field"]!.GetValue<string>());
        Assert.Equal(before, await t.SnapshotAsync());
    }

    [Theory]
    [InlineData("/v1/tenants/bad/classify", "\"field\": \"body\"")]
    [InlineData("/v1/embeddings", "\"param\":\"body\"")]
    public async Task A_huge_chunked_body_is_413_too(string path, string namesTheField)
    {
        var t = await BadTenantAsync();
        var before = await t.SnapshotAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(Huge))),
        };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.TransferEncodingChunked = true;
        using var response = await t.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains(namesTheField, await response.Content.ReadAsStringAsync());
        Assert.Equal(before, await t.SnapshotAsync());
    }

    [Theory]
    [InlineData(null, 401)]
    [InlineData("lle_bad.wrong-secret", 401)]
    [InlineData("not-even-a-key", 401)]
    [InlineData("other-tenant", 403)]
    public async Task Bearer_problems_are_401_or_403_and_change_nothing(string? key, int status)
    {
        var t = await BadTenantAsync();
        if (key == "other-tenant") key = (await HttpTenant.CreateAsync(host, "bad-other")).Key;
        using var client = host.Client(key);
        var before = await t.SnapshotAsync();
        foreach (var (method, path, body) in new (string, string, string?)[]
        {
            ("PUT", "/v1/tenants/bad/labels", "{\"labels\":[\"z\"]}"),
            ("POST", "/v1/tenants/bad/examples", "{\"examples\":[{\"text\":\"x\",\"label\":\"a\"}]}"),
            ("POST", "/v1/tenants/bad/examples/import?format=jsonl", "{\"text\":\"x\",\"label\":\"a\"}"),
        })
        {
            var (actual, json, text) = await HttpJson.SendAsync(client, new HttpMethod(method), path, body);
            Assert.True((int)actual == status, $"{method} {path}: expected {status}, got {(int)actual}: {text}");
            Assert.Equal(status == 401 ? 16 : 7, json!["code"]!.GetValue<int>());
        }
        Assert.Equal(before, await t.SnapshotAsync());
    }

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private HttpTenant? _bad;

    /// <summary>Tenant "bad": two labels and two examples, created once for the class's fixture.</summary>
    private async Task<HttpTenant> BadTenantAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_bad is not null) return _bad;
            using var admin = host.Client(HttpHostFixture.AdminKey);
            var existing = await HttpJson.SendAsync(admin, HttpMethod.Post, "/v1/tenants/bad/key");
            HttpTenant t;
            if (existing.Status == HttpStatusCode.OK)
            {
                t = new HttpTenant("bad", existing.Json!["key"]!.GetValue<string>(), host.Client(existing.Json!["key"]!.GetValue<string>()));
            }
            else
            {
                t = await HttpTenant.CreateAsync(host, "bad", "[\"a\",\"b\"]");
                await HttpJson.OkAsync(t.Client, HttpMethod.Post, "/v1/tenants/bad/examples",
                    "{\"examples\":[{\"text\":\"first\",\"label\":\"a\"},{\"text\":\"second\",\"label\":\"b\"}]}");
            }
            return _bad = t;
        }
        finally { Gate.Release(); }
    }

    private static string Cut(string text) => text.Length > 400 ? text[..400] : text;
}
