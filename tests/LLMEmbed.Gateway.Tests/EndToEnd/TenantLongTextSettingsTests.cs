using Google.Rpc;
using Grpc.Core;
using LLMEmbed.Protos.V1;

namespace LLMEmbed.Gateway.Tests.EndToEnd;

/// <summary>The tenant's long-text setting over gRPC: created, read, changed, refused once examples exist, bad values named.</summary>
[Collection(GatewayHostCollection.Name)]
public sealed class TenantLongTextSettingsTests(GatewayHostFixture host)
{
    private readonly GatewayApi _api = new(host);

    private Task<TenantSummary> GetAsync(string tenant) => _api.Admin.GetTenantAsync(new GetTenantRequest { Tenant = tenant }, GatewayHostFixture.Admin).ResponseAsync;

    [Fact]
    public async Task The_long_text_setting_round_trips_and_is_fixed_once_the_tenant_has_examples()
    {
        var created = await _api.Admin.CreateTenantAsync(new CreateTenantRequest
        {
            Tenant = "lt-grpc", Recipe = "last", LongText = "chunk", ChunkOverlap = 16, MaxWindows = 4,
        }, GatewayHostFixture.Admin);
        var summary = await GetAsync("lt-grpc");
        Assert.Equal(("chunk", 16, 4), (summary.LongText, summary.ChunkOverlap, summary.MaxWindows));
        // The per-call bound counts a text at its most windows.
        Assert.Equal(RealHostSettings.TokenPassesPerCall / (RealHostSettings.MaxTokens * 4), summary.TextsPerCall);
        Assert.Contains(summary, (await _api.Admin.ListTenantsAsync(new ListTenantsRequest(), GatewayHostFixture.Admin)).Tenants);

        // Unset fields keep their values.
        var truncating = await _api.Admin.UpdateTenantSettingsAsync(new UpdateTenantSettingsRequest { Tenant = "lt-grpc", LongText = "truncate" }, GatewayHostFixture.Admin);
        Assert.Equal(("truncate", 16, 4), (truncating.LongText, truncating.ChunkOverlap, truncating.MaxWindows));
        Assert.Equal(GatewayHostFixture.RowsPerGrainCall, truncating.TextsPerCall);
        var chunking = await _api.Admin.UpdateTenantSettingsAsync(new UpdateTenantSettingsRequest { Tenant = "lt-grpc", LongText = "chunk", MaxWindows = 2 }, GatewayHostFixture.Admin);
        Assert.Equal(("chunk", 16, 2), (chunking.LongText, chunking.ChunkOverlap, chunking.MaxWindows));
        Assert.Equal(chunking, await GetAsync("lt-grpc"));

        // A text of several windows costs several; the import reports it and the tenant keeps the mean.
        var auth = GatewayHostFixture.Bearer(created.Key);
        await _api.Labels.SetLabelsAsync(new SetLabelsRequest { Tenant = "lt-grpc", Labels = { "crude", "earn" } }, auth);
        var added = await _api.Examples.AddExamplesAsync(new AddExamplesRequest
        {
            Tenant = "lt-grpc", Truncate = true,
            Examples = { new Example { Text = string.Join(' ', Enumerable.Repeat("petroleum", 300)), Label = "crude" }, new Example { Text = "profit rose", Label = "earn" } },
        }, auth);
        Assert.Equal(2 + 1, added.Windows); // two windows (the most), one window
        Assert.Equal(1.5, (await GetAsync("lt-grpc")).WindowsPerExample, 6);

        var refused = await GatewayApi.FailsWith(StatusCode.FailedPrecondition, () => _api.Admin.UpdateTenantSettingsAsync(
            new UpdateTenantSettingsRequest { Tenant = "lt-grpc", LongText = "truncate" }, GatewayHostFixture.Admin).ResponseAsync);
        Assert.Contains("2 examples", refused.Status.Detail);
        Assert.Equal("chunk", (await GetAsync("lt-grpc")).LongText);
    }

    public static TheoryData<string, int?, int?, string> BadValues => new()
    {
        { "zip", null, null, "long_text" },
        { "chunk", RealHostSettings.MaxTokens, null, "chunk_overlap" },
        { "chunk", -1, null, "chunk_overlap" },
        { "chunk", null, 0, "max_windows" },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public async Task A_bad_long_text_value_is_invalid_argument_naming_the_field(string mode, int? overlap, int? maxWindows, string field)
    {
        var tenant = $"lt-bad-{field.Replace('_', '-')}-{(overlap ?? 0) + 10}";
        var create = new CreateTenantRequest { Tenant = tenant, Recipe = "last", LongText = mode };
        if (overlap is { } o) create.ChunkOverlap = o;
        if (maxWindows is { } w) create.MaxWindows = w;
        var error = await GatewayApi.FailsWith(StatusCode.InvalidArgument, () => _api.Admin.CreateTenantAsync(create, GatewayHostFixture.Admin).ResponseAsync);
        Assert.Equal(field, FieldOf(error));
        await GatewayApi.FailsWith(StatusCode.NotFound, () => GetAsync(tenant));

        await _api.CreateTenantAsync(tenant);
        var update = new UpdateTenantSettingsRequest { Tenant = tenant, LongText = mode };
        if (overlap is { } o2) update.ChunkOverlap = o2;
        if (maxWindows is { } w2) update.MaxWindows = w2;
        error = await GatewayApi.FailsWith(StatusCode.InvalidArgument, () => _api.Admin.UpdateTenantSettingsAsync(update, GatewayHostFixture.Admin).ResponseAsync);
        Assert.Equal(field, FieldOf(error));
        Assert.Equal("truncate", (await GetAsync(tenant)).LongText);
    }

    private static string FieldOf(RpcException error) =>
        Assert.Single(error.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations).Field;
}
