using System.Net;
using Grpc.Core;
using LLMEmbed.Protos.V1;

namespace LLMEmbed.Gateway.Tests.EndToEnd;

/// <summary>
/// A wrong admin key is a failed key check like a wrong tenant key: counted per client address (reason admin_key),
/// and past Gateway:FailedAuthPerMinute refused with ResourceExhausted failed_auth and a Retry-After, over gRPC and
/// the HTTP archive routes alike; then even the right key waits, or a guesser would learn which guess was right.
/// </summary>
public sealed class FailedAdminAuthLimitTests : IAsyncLifetime
{
    private const int PerMinute = 5;
    private OwnGatewayHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await OwnGatewayHost.StartAsync("failed-admin-auth", "Gateway:FailedAuthPerMinute", PerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Wrong_admin_keys_are_counted_and_limited_per_address()
    {
        var admin = new Admin.AdminClient(_host.Channel);
        await admin.ListTenantsAsync(new ListTenantsRequest(), GatewayHostFixture.Bearer(_host.AdminKey)); // the right key works at first
        using var tags = new AuthFailureTags();
        using var http = _host.Http();

        var statuses = new List<StatusCode>();
        for (var i = 0; i < PerMinute - 1; i++)
            statuses.Add((await Assert.ThrowsAsync<RpcException>(async () => await admin.ListTenantsAsync(new ListTenantsRequest(), GatewayHostFixture.Bearer($"guess-{i}")))).StatusCode);
        // The fifth failure through the HTTP export route: the same bucket.
        using (var export = new HttpRequestMessage(HttpMethod.Get, "/v1/tenants/anyone/export"))
        {
            export.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "guess-http");
            using var answer = await http.SendAsync(export);
            Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
        }
        Assert.All(statuses, s => Assert.Equal(StatusCode.Unauthenticated, s));

        var limited = await Assert.ThrowsAsync<RpcException>(async () => await admin.ListTenantsAsync(new ListTenantsRequest(), GatewayHostFixture.Bearer("guess-over")));
        Assert.Equal(StatusCode.ResourceExhausted, limited.StatusCode);
        Assert.Equal("failed_auth", limited.Trailers.GetValue("llmembed-limit"));
        Assert.True(int.Parse(limited.Trailers.GetValue("retry-after")!, System.Globalization.CultureInfo.InvariantCulture) >= 1);
        var right = await Assert.ThrowsAsync<RpcException>(async () => await admin.ListTenantsAsync(new ListTenantsRequest(), GatewayHostFixture.Bearer(_host.AdminKey)));
        Assert.Equal(StatusCode.ResourceExhausted, right.StatusCode);
        using (var export = new HttpRequestMessage(HttpMethod.Get, "/v1/tenants/anyone/export"))
        {
            export.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "guess-http-over");
            using var answer = await http.SendAsync(export);
            Assert.Equal(HttpStatusCode.TooManyRequests, answer.StatusCode);
            Assert.True(answer.Headers.RetryAfter is not null, "no Retry-After header");
            Assert.Contains("failed_auth", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.True(tags.Count("admin_key") >= PerMinute, $"{tags.Count("admin_key")} admin_key failures counted");
        Assert.True(tags.Count("rate_limited") >= 3, $"{tags.Count("rate_limited")} rate_limited counted");
        Assert.All(tags.Snapshot(), t => Assert.Equal(["reason"], t.Select(kv => kv.Key)));
    }
}
