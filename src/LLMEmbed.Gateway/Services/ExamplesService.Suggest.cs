using Grpc.Core;
using LLMEmbed.Gateway.Security;
using LLMEmbed.Grains.Abstractions.Tenants;
using LLMEmbed.Protos.V1;

namespace LLMEmbed.Gateway.Services;

// What to label next: the grain checks the count (1..100) and picks; here only the default and proto <-> contract.
public sealed partial class ExamplesService
{
    private const int DefaultSuggestions = 10;

    public override async Task<SuggestResponse> Suggest(SuggestRequest request, ServerCallContext context)
    {
        var list = await grains.GetGrain<ITenantExamplesGrain>(context.TenantCaller().Tenant!)
            .Suggest(request.Count == 0 ? DefaultSuggestions : request.Count, context.CancellationToken);
        var response = new SuggestResponse { Strategy = list.Strategy, Candidates = list.Candidates, HeadVersion = list.HeadVersion };
        response.Suggestions.AddRange(list.Suggestions.Select(s => new Protos.V1.Suggestion
        {
            ExampleId = s.ExampleId, Text = s.Text, Score = s.Score, PredictedLabel = s.PredictedLabel,
        }));
        return response;
    }
}
