using System.Net;

namespace LLMEmbed.Gateway.Tests.Http;

/// <summary>"None of these" over HTTP/JSON: abstained results, and the tenant's scope settings.</summary>
public sealed class AbstentionHttpTests(HttpHostFixture host) : IClassFixture<HttpHostFixture>
{
    [Fact]
    public async Task An_out_of_scope_text_is_abstained_over_http_and_the_setting_turns_it_off()
    {
        var t = await HttpTenant.CreateAsync(host, "abstain-http");
        await HttpTraining.TrainAsync(t.Client, t.Tenant);
        using var admin = host.Client(HttpHostFixture.AdminKey);
        Assert.False((await HttpJson.OkAsync(admin, HttpMethod.Get, "/v1/tenants/abstain-http"))["abstain"]?.GetValue<bool>() ?? false);
        Assert.True((await HttpJson.OkAsync(admin, HttpMethod.Patch, "/v1/tenants/abstain-http/settings", "{\"abstain\":true}"))["abstain"]!.GetValue<bool>());
        const string body = "{\"texts\":[\"asdf qwerty zxcv\",\"Oil prices rose 3 dollars a barrel as OPEC cut output.\"]}";
        var results = (await HttpJson.OkAsync(t.Client, HttpMethod.Post, "/v1/tenants/abstain-http/classify", body))["results"]!.AsArray();
        Assert.True(results[0]!["abstained"]?.GetValue<bool>() == true, results[0]!.ToJsonString());
        Assert.Equal("", results[0]!["label"]?.GetValue<string>() ?? "");
        Assert.NotEmpty(results[0]!["probabilities"]!.AsArray());
        Assert.True(results[1]!["abstained"]?.GetValue<bool>() != true, results[1]!.ToJsonString());
        Assert.Equal("crude", results[1]!["label"]!.GetValue<string>());
        Assert.True(results[0]!["scopeScore"]!.GetValue<double>() < results[1]!["scopeScore"]!.GetValue<double>());

        var off = await HttpJson.OkAsync(admin, HttpMethod.Patch, "/v1/tenants/abstain-http/settings", "{\"abstain\":false}");
        Assert.False(off["abstain"]?.GetValue<bool>() ?? false);
        var answered = (await HttpJson.OkAsync(t.Client, HttpMethod.Post, "/v1/tenants/abstain-http/classify", body))["results"]!.AsArray();
        Assert.True(answered[0]!["abstained"]?.GetValue<bool>() != true);
        Assert.NotEqual("", answered[0]!["label"]!.GetValue<string>());

        var bad = await HttpJson.SendAsync(admin, HttpMethod.Patch, "/v1/tenants/abstain-http/settings", "{\"scope_target_coverage\":0.2}");
        Assert.True(bad.Status == HttpStatusCode.BadRequest, $"{(int)bad.Status}: {bad.Text}");
        Assert.Contains("scope_target_coverage", bad.Text);
        var read = await HttpJson.OkAsync(admin, HttpMethod.Get, "/v1/tenants/abstain-http");
        Assert.Equal(0.95, read["scopeTargetCoverage"]!.GetValue<double>(), 6);
    }
}
