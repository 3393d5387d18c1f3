using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace LLMEmbed.Gateway.Tests.EndToEnd;

/// <summary>
/// The gateway's own HTTP routes (not transcoded: the embeddings and import routes) count a missing or malformed
/// tenant key as a failed check of the address, and past Gateway:FailedAuthPerMinute answer 429 failed_auth with
/// Retry-After, as gRPC calls do.
/// </summary>
public sealed class FailedHttpRouteAuthLimitTests : IAsyncLifetime
{
    private const int PerMinute = 5;
    private OwnGatewayHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await OwnGatewayHost.StartAsync("failed-http-auth", "Gateway:FailedAuthPerMinute", PerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Missing_and_malformed_keys_on_the_http_routes_are_counted_and_limited()
    {
        using var tags = new AuthFailureTags();
        using var http = _host.Http();
        // Five failures of four kinds, then two more: every one before the limit 401, every one after 429.
        string?[] keys = [null, "not-a-key", null, "lle_.x", "also-not-a-key", null, "lle_x"];
        var answers = new List<(HttpStatusCode Status, string Body, RetryConditionHeaderValue? RetryAfter)>();
        for (var i = 0; i < keys.Length; i++)
        {
            using var request = i % 2 == 0
                ? new HttpRequestMessage(HttpMethod.Post, "/v1/embeddings") { Content = new StringContent("{\"model\":\"last\",\"input\":[\"x\"]}", Encoding.UTF8, "application/json") }
                : new HttpRequestMessage(HttpMethod.Post, "/v1/tenants/someone/examples/import?format=jsonl") { Content = new StringContent("{\"text\":\"x\",\"label\":\"y\"}\n", Encoding.UTF8, "application/x-ndjson") };
            if (keys[i] is { } key) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            using var answer = await http.SendAsync(request);
            answers.Add((answer.StatusCode, await answer.Content.ReadAsStringAsync(), answer.Headers.RetryAfter));
        }

        Assert.All(answers.Take(PerMinute), a => Assert.Equal(HttpStatusCode.Unauthorized, a.Status));
        Assert.All(answers.Skip(PerMinute), a =>
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, a.Status);
            Assert.Contains("failed_auth", a.Body, StringComparison.Ordinal);
            Assert.NotNull(a.RetryAfter);
        });
        Assert.True(tags.Count("missing") + tags.Count("malformed") >= PerMinute, "the failures before the limit were not counted");
        Assert.True(tags.Count("rate_limited") >= 2, $"{tags.Count("rate_limited")} rate_limited counted");
    }
}
