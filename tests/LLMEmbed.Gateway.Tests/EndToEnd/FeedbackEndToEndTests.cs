using Grpc.Core;
using LLMEmbed.Protos.V1;

namespace LLMEmbed.Gateway.Tests.EndToEnd;

/// <summary>Feedback over gRPC: idempotent per prediction id, refused for another tenant's key.</summary>
[Collection(GatewayHostCollection.Name)]
public sealed class FeedbackEndToEndTests(GatewayHostFixture host)
{
    private readonly GatewayApi _api = new(host);

    [Fact]
    public async Task Feedback_twice_over_grpc_stores_one_example()
    {
        var key = await _api.CreateTenantAsync("fb-grpc");
        var bearer = GatewayHostFixture.Bearer(key);
        await _api.Labels.SetLabelsAsync(new SetLabelsRequest { Tenant = "fb-grpc", Labels = { "crude", "earn" } }, bearer);
        await _api.ImportAsync("fb-grpc", key, GatewayApi.Pairs(Reuters.Split("train", "crude", "earn")));
        await _api.TrainAndWaitAsync("fb-grpc", key);
        var classified = await _api.Inference.ClassifyAsync(new ClassifyRequest { Tenant = "fb-grpc", Texts = { "Net profit rose to 5 mln dlrs." } }, bearer);
        var id = classified.Results[0].PredictionId;
        Assert.NotEmpty(id);

        var request = new FeedbackRequest { Tenant = "fb-grpc", PredictionId = id, OutOfScope = true };
        var first = await _api.Examples.FeedbackAsync(request, bearer);
        var second = await _api.Examples.FeedbackAsync(request, bearer);
        Assert.False(first.Repeated);
        Assert.True(second.Repeated);
        Assert.Equal(first.ExampleId, second.ExampleId);
        var counts = await _api.Examples.CountExamplesAsync(new CountExamplesRequest { Tenant = "fb-grpc" }, bearer);
        Assert.Equal(1, counts.PerSource["feedback"]);
        await GatewayApi.FailsWith(StatusCode.NotFound, () => _api.Examples.FeedbackAsync(new FeedbackRequest { Tenant = "fb-grpc", PredictionId = "p1-1", Label = "earn" }, bearer).ResponseAsync);
        await GatewayApi.FailsWith(StatusCode.InvalidArgument, () => _api.Examples.FeedbackAsync(new FeedbackRequest { Tenant = "fb-grpc", PredictionId = id }, bearer).ResponseAsync);
    }
}
