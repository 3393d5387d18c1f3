using Grpc.Core;
using LLMEmbed.Protos.V1;

namespace LLMEmbed.Gateway.Tests.EndToEnd;

/// <summary>DescribeLabel over gRPC: descriptions are listed, a described tenant answers with source "zero_shot", bad input gets the right status.</summary>
[Collection(GatewayHostCollection.Name)]
public sealed class ZeroShotGatewayTests(GatewayHostFixture host)
{
    private readonly GatewayApi _api = new(host);

    [Fact]
    public async Task A_described_tenant_answers_zero_shot_over_grpc()
    {
        var key = await _api.CreateTenantAsync("zs-grpc");
        var auth = GatewayHostFixture.Bearer(key);
        await _api.Labels.SetLabelsAsync(new SetLabelsRequest { Tenant = "zs-grpc", Labels = { "crude", "earn" } }, auth);
        await _api.Labels.DescribeLabelAsync(new DescribeLabelRequest { Tenant = "zs-grpc", Label = "crude", Description = "Crude oil prices, OPEC output quotas and petroleum production." }, auth);
        var labels = await _api.Labels.DescribeLabelAsync(new DescribeLabelRequest { Tenant = "zs-grpc", Label = "earn", Description = "The company reported quarterly earnings: net profit, revenues and earnings per share." }, auth);
        Assert.Equal("Crude oil prices, OPEC output quotas and petroleum production.", labels.Labels.Single(l => l.Name == "crude").Description);

        var response = await _api.Inference.ClassifyAsync(new ClassifyRequest
        {
            Tenant = "zs-grpc", Texts = { "OPEC agreed to cut crude oil output as barrel prices fell.", "Net profit rose to 1.20 dlrs per share on higher quarterly revenues." },
        }, auth);
        Assert.Equal(["crude", "earn"], response.Results.Select(r => r.Label));
        Assert.All(response.Results, r => Assert.Equal("zero_shot", r.Source));
        Assert.All(response.Results, r => Assert.Equal(0, r.HeadVersion));

        await GatewayApi.FailsWith(StatusCode.NotFound, () => _api.Labels.DescribeLabelAsync(new DescribeLabelRequest { Tenant = "zs-grpc", Label = "grain", Description = "Wheat." }, auth).ResponseAsync);
        await GatewayApi.FailsWith(StatusCode.InvalidArgument, () => _api.Labels.DescribeLabelAsync(new DescribeLabelRequest { Tenant = "zs-grpc", Label = "crude", Description = new string('x', 2_001) }, auth).ResponseAsync);
        var summary = await _api.Admin.UpdateTenantSettingsAsync(new UpdateTenantSettingsRequest { Tenant = "zs-grpc", ZeroShotBelow = 3 }, GatewayHostFixture.Admin);
        Assert.Equal(3, summary.ZeroShotBelow);
        await GatewayApi.FailsWith(StatusCode.InvalidArgument, () => _api.Admin.UpdateTenantSettingsAsync(new UpdateTenantSettingsRequest { Tenant = "zs-grpc", ZeroShotBelow = -1 }, GatewayHostFixture.Admin).ResponseAsync);
    }
}
