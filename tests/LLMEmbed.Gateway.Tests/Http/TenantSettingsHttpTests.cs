using System.Net;

namespace LLMEmbed.Gateway.Tests.Http;

/// <summary>The tenant's long-text setting over HTTP/JSON: create, read, change, and a 400 naming the field for a bad value.</summary>
public sealed class TenantSettingsHttpTests(HttpHostFixture host) : IClassFixture<HttpHostFixture>
{
    [Fact]
    public async Task The_long_text_setting_round_trips_over_http()
    {
        using var admin = host.Client(HttpHostFixture.AdminKey);
        await HttpJson.OkAsync(admin, HttpMethod.Post, "/v1/tenants", "{\"tenant\":\"lt-http\",\"longText\":\"chunk\",\"chunkOverlap\":16,\"maxWindows\":4}");
        var read = await HttpJson.OkAsync(admin, HttpMethod.Get, "/v1/tenants/lt-http");
        Assert.Equal(("chunk", 16, 4), (read["longText"]!.GetValue<string>(), read["chunkOverlap"]!.GetValue<int>(), read["maxWindows"]!.GetValue<int>()));

        var changed = await HttpJson.OkAsync(admin, HttpMethod.Patch, "/v1/tenants/lt-http/settings", "{\"long_text\":\"truncate\",\"max_windows\":3}");
        Assert.Equal(("truncate", 16, 3), (changed["longText"]!.GetValue<string>(), changed["chunkOverlap"]!.GetValue<int>(), changed["maxWindows"]!.GetValue<int>()));
        Assert.Equal("truncate", (await HttpJson.OkAsync(admin, HttpMethod.Get, "/v1/tenants/lt-http"))["longText"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("{\"long_text\":\"zip\"}", "long_text")]
    [InlineData("{\"longText\":\"chunk\",\"chunkOverlap\":128}", "chunk_overlap")]
    [InlineData("{\"longText\":\"chunk\",\"maxWindows\":0}", "max_windows")]
    public async Task A_bad_long_text_value_is_400_naming_the_field(string settings, string field)
    {
        using var admin = host.Client(HttpHostFixture.AdminKey);
        var tenant = "lt-http-bad-" + field.Replace('_', '-');
        var create = await HttpJson.SendAsync(admin, HttpMethod.Post, "/v1/tenants", $"{{\"tenant\":\"{tenant}\",{settings[1..]}");
        AssertBadRequest(create, field);
        Assert.Equal(HttpStatusCode.NotFound, (await HttpJson.SendAsync(admin, HttpMethod.Get, $"/v1/tenants/{tenant}")).Status);

        await HttpJson.OkAsync(admin, HttpMethod.Post, "/v1/tenants", $"{{\"tenant\":\"{tenant}\"}}");
        AssertBadRequest(await HttpJson.SendAsync(admin, HttpMethod.Patch, $"/v1/tenants/{tenant}/settings", settings), field);
        Assert.Equal("truncate", (await HttpJson.OkAsync(admin, HttpMethod.Get, $"/v1/tenants/{tenant}"))["longText"]!.GetValue<string>());
    }

    private static void AssertBadRequest((HttpStatusCode Status, System.Text.Json.Nodes.JsonNode? Json, string Text) response, string field)
    {
        Assert.True(response.Status == HttpStatusCode.BadRequest, $"expected 400, got {(int)response.Status}: {response.Text}");
        Assert.Equal(field, response.Json!["details"]![0]!["fieldViolations"]![0]!["field"]!.GetValue<string>());
    }
}
