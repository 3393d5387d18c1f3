using System.Net;

namespace LLMEmbed.Gateway.Tests.Http;

/// <summary>PUT /v1/tenants/{tenant}/labels/{label}/description, and classify's "source" over HTTP/JSON.</summary>
public sealed class ZeroShotHttpTests(HttpHostFixture host) : IClassFixture<HttpHostFixture>
{
    [Fact]
    public async Task A_description_set_over_http_makes_classify_answer_zero_shot()
    {
        var t = await HttpTenant.CreateAsync(host, "zs-http", "[\"positive\",\"negative\"]");
        await HttpJson.OkAsync(t.Client, HttpMethod.Put, "/v1/tenants/zs-http/labels/positive/description",
            "{\"description\":\"A positive movie review: the film was great and well worth watching.\\nI loved this movie.\"}");
        var labels = await HttpJson.OkAsync(t.Client, HttpMethod.Put, "/v1/tenants/zs-http/labels/negative/description",
            "{\"description\":\"A negative movie review: the film was bad, boring and a waste of time.\"}");
        Assert.Contains(labels["labels"]!.AsArray(), l => l!["name"]!.GetValue<string>() == "negative" && l["description"]!.GetValue<string>().StartsWith("A negative", StringComparison.Ordinal));

        var classified = await HttpJson.OkAsync(t.Client, HttpMethod.Post, "/v1/tenants/zs-http/classify",
            "{\"texts\":[\"A wonderful film, I loved every minute of it.\",\"Boring and awful, a waste of two hours.\"]}");
        var results = classified["results"]!.AsArray();
        Assert.Equal(["positive", "negative"], results.Select(r => r!["label"]!.GetValue<string>()));
        Assert.All(results, r => Assert.Equal("zero_shot", r!["source"]!.GetValue<string>()));

        var (unknown, _, _) = await HttpJson.SendAsync(t.Client, HttpMethod.Put, "/v1/tenants/zs-http/labels/neutral/description", "{\"description\":\"Neither.\"}");
        Assert.Equal(HttpStatusCode.NotFound, unknown);
        var (tooLong, json, _) = await HttpJson.SendAsync(t.Client, HttpMethod.Put, "/v1/tenants/zs-http/labels/positive/description",
            $"{{\"description\":\"{new string('x', 2_001)}\"}}");
        Assert.Equal(HttpStatusCode.BadRequest, tooLong);
        Assert.Contains("2000", json!["message"]!.GetValue<string>().Replace(",", "", StringComparison.Ordinal));
    }
}
