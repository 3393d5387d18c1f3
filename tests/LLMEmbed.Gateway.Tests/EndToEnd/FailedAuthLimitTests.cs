using System.Diagnostics.Metrics;
using Grpc.Core;
using LLMEmbed.Gateway.Telemetry;
using LLMEmbed.Protos.V1;

namespace LLMEmbed.Gateway.Tests.EndToEnd;

/// <summary>
/// Failed key checks are limited per client address ahead of any grain call: past Gateway:FailedAuthPerMinute the
/// address gets ResourceExhausted with a Retry-After, while a valid key it already used keeps working. The failures
/// are counted by reason, never by the tenant name tried. Its own host: the shared ones lift the limit.
/// </summary>
public sealed class FailedAuthLimitTests : IAsyncLifetime
{
    private const int PerMinute = 5;
    private OwnGatewayHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await OwnGatewayHost.StartAsync("failed-auth", "Gateway:FailedAuthPerMinute", PerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task An_address_that_keeps_failing_waits_and_the_count_names_no_tenant()
    {
        var created = await new Admin.AdminClient(_host.Channel).CreateTenantAsync(new CreateTenantRequest { Tenant = "limited" }, GatewayHostFixture.Bearer(_host.AdminKey));
        var labels = new Labels.LabelsClient(_host.Channel);
        await labels.ListLabelsAsync(new ListLabelsRequest { Tenant = "limited" }, GatewayHostFixture.Bearer(created.Key)); // cached from now on

        var tags = new List<KeyValuePair<string, object?>[]>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == GatewayTelemetry.Name && instrument.Name == "llmembed.gateway.auth.failures") l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, _, t, _) => { lock (tags) tags.Add(t.ToArray()); });
        listener.Start();

        var statuses = new List<RpcException>();
        for (var i = 0; i < PerMinute + 3; i++)
            statuses.Add(await Assert.ThrowsAsync<RpcException>(async () => await labels.ListLabelsAsync(
                new ListLabelsRequest { Tenant = $"secret-customer-{i}" }, GatewayHostFixture.Bearer($"lle_secret-customer-{i}.guess"))));

        Assert.All(statuses.Take(PerMinute), e => Assert.Equal(StatusCode.Unauthenticated, e.StatusCode));
        Assert.All(statuses.Skip(PerMinute), e =>
        {
            Assert.Equal(StatusCode.ResourceExhausted, e.StatusCode);
            Assert.Equal("failed_auth", e.Trailers.GetValue("llmembed-limit"));
            Assert.True(int.Parse(e.Trailers.GetValue("retry-after")!, System.Globalization.CultureInfo.InvariantCulture) >= 1);
        });
        // The tenant's own (cached) key still works from the same address.
        await labels.ListLabelsAsync(new ListLabelsRequest { Tenant = "limited" }, GatewayHostFixture.Bearer(created.Key));

        listener.RecordObservableInstruments();
        lock (tags)
        {
            // The meter is process-wide: tests running beside this one may add failures of their own.
            Assert.True(tags.Count >= PerMinute + 3, $"{tags.Count} failures counted");
            Assert.True(tags.Count(t => t.Any(kv => Equals(kv.Value, "rate_limited"))) >= 3);
            Assert.All(tags, t => Assert.Equal(["reason"], t.Select(kv => kv.Key)));
            Assert.DoesNotContain(tags.SelectMany(t => t), kv => kv.Value?.ToString()?.Contains("secret-customer", StringComparison.Ordinal) == true);
        }
    }
}
