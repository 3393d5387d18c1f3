using System.Net;

namespace LLMEmbed.Gateway.Tests.Http;

/// <summary>Feedback over HTTP/JSON: a prediction id becomes one example, however often it is sent.</summary>
public sealed class FeedbackHttpTests(HttpHostFixture host) : IClassFixture<HttpHostFixture>
{
    [Fact]
    public async Task Feedback_twice_over_http_stores_one_example_and_bad_input_is_4xx()
    {
        var t = await HttpTenant.CreateAsync(host, "feedback-http");
        await HttpTraining.TrainAsync(t.Client, t.Tenant);
        var result = (await HttpJson.OkAsync(t.Client, HttpMethod.Post, "/v1/tenants/feedback-http/classify",
            "{\"texts\":[\"The company reported quarterly earnings of 9 cents a share.\"]}"))["results"]![0]!;
        var id = result["predictionId"]!.GetValue<string>();
        var before = (await HttpJson.OkAsync(t.Client, HttpMethod.Get, "/v1/tenants/feedback-http/examples/count"))["total"]!.GetValue<long>();

        var body = $"{{\"predictionId\":\"{id}\",\"label\":\"crude\"}}";
        var first = await HttpJson.OkAsync(t.Client, HttpMethod.Post, "/v1/tenants/feedback-http/feedback", body);
        var second = await HttpJson.OkAsync(t.Client, HttpMethod.Post, "/v1/tenants/feedback-http/feedback", body);
        Assert.True(first["repeated"]?.GetValue<bool>() != true);
        Assert.True(second["repeated"]!.GetValue<bool>());
        Assert.Equal(first["exampleId"]!.ToString(), second["exampleId"]!.ToString());
        var counts = await HttpJson.OkAsync(t.Client, HttpMethod.Get, "/v1/tenants/feedback-http/examples/count");
        Assert.Equal(before + 1, counts["total"]!.GetValue<long>());
        Assert.Equal(1, counts["perSource"]!["feedback"]!.GetValue<long>());

        var unknown = await HttpJson.SendAsync(t.Client, HttpMethod.Post, "/v1/tenants/feedback-http/feedback", "{\"predictionId\":\"p0-0\",\"label\":\"crude\"}");
        Assert.True(unknown.Status == HttpStatusCode.NotFound, $"{(int)unknown.Status}: {unknown.Text}");
        var both = await HttpJson.SendAsync(t.Client, HttpMethod.Post, "/v1/tenants/feedback-http/feedback", $"{{\"predictionId\":\"{id}\",\"label\":\"crude\",\"outOfScope\":true}}");
        Assert.True(both.Status == HttpStatusCode.BadRequest, $"{(int)both.Status}: {both.Text}");
        using var admin = host.Client(HttpHostFixture.AdminKey);
        Assert.Equal(1, (await HttpJson.OkAsync(admin, HttpMethod.Get, "/v1/tenants/feedback-http"))["feedback"]!.GetValue<long>());
    }
}
