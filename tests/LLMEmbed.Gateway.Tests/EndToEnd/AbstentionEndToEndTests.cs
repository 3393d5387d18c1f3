using LLMEmbed.Protos.V1;

namespace LLMEmbed.Gateway.Tests.EndToEnd;

/// <summary>"None of these" over gRPC: the Reuters tenant declines texts unlike its topics and reports its head's guard.</summary>
[Collection(GatewayHostCollection.Name)]
public sealed class AbstentionEndToEndTests(GatewayHostFixture host)
{
    private readonly GatewayApi _api = new(host);

    [Fact]
    public async Task An_out_of_scope_text_is_abstained_with_its_scores_kept()
    {
        var key = await _api.CreateTenantAsync("abstain-grpc");
        var bearer = GatewayHostFixture.Bearer(key);
        await _api.Labels.SetLabelsAsync(new SetLabelsRequest { Tenant = "abstain-grpc", Labels = { "crude", "earn", "money-fx" } }, bearer);
        await _api.ImportAsync("abstain-grpc", key, GatewayApi.Pairs(Reuters.Split("train")));
        await _api.TrainAndWaitAsync("abstain-grpc", key);
        var settings = await _api.Admin.UpdateTenantSettingsAsync(new UpdateTenantSettingsRequest { Tenant = "abstain-grpc", Abstain = true }, GatewayHostFixture.Admin);
        Assert.True(settings.Abstain);
        var heads = await _api.Training.ListHeadsAsync(new ListHeadsRequest { Tenant = "abstain-grpc" }, bearer);
        var head = heads.Heads.Single(h => h.Active);
        Assert.True(head.ScopeRows > 0, "the head records its reference rows");
        Assert.Equal(0.95, head.ScopeTargetCoverage, 6);
        Assert.True(head.Temperature > 0 && head.EceAfter >= 0, $"temperature {head.Temperature}, ECE after {head.EceAfter}");

        var response = await _api.Inference.ClassifyAsync(new ClassifyRequest
        {
            Tenant = "abstain-grpc", Texts = { "asdf qwerty zxcv", "I loved this movie, the actors were wonderful and the ending made me cry.", "Crude oil prices rose as OPEC cut output." },
        }, bearer);
        var (gibberish, review, oil) = (response.Results[0], response.Results[1], response.Results[2]);
        foreach (var declined in new[] { gibberish, review })
        {
            Assert.True(declined.Abstained, $"answered '{declined.Label}' at scope {declined.ScopeScore:F3}, threshold {head.ScopeThreshold:F3}");
            Assert.Equal("", declined.Label);
            Assert.Equal(3, declined.Probabilities.Count);
            Assert.True(declined.ScopeScore < head.ScopeThreshold);
        }
        Assert.False(oil.Abstained, $"the oil story scored {oil.ScopeScore:F3} under {head.ScopeThreshold:F3}");
        Assert.Equal("crude", oil.Label);
    }
}
