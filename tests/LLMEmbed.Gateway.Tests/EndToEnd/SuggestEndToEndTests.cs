using Grpc.Core;
using LLMEmbed.Cli.Client;
using LLMEmbed.Protos.V1;

namespace LLMEmbed.Gateway.Tests.EndToEnd;

/// <summary>
/// What to label next over real gRPC: unlabelled rows imported by stream, Suggest before and after a head, its
/// count rules and key check, labelling a suggestion, and the CLI's paging of ListExamples against the same host.
/// </summary>
[Collection(GatewayHostCollection.Name)]
public sealed class SuggestEndToEndTests(GatewayHostFixture host)
{
    private readonly GatewayApi _api = new(host);

    private async Task<AddExamplesResponse> ImportUnlabelledAsync(string tenant, string key, IEnumerable<string> texts)
    {
        using var call = _api.Examples.ImportExamples(GatewayHostFixture.Bearer(key));
        foreach (var chunk in texts.Chunk(20))
        {
            var message = new ImportExamplesRequest { Tenant = tenant, Truncate = true, Unlabelled = true, ImportId = "open" };
            message.Examples.AddRange(chunk.Select(t => new Example { Text = t })); // no label: unlabelled rows need none
            await call.RequestStream.WriteAsync(message);
        }
        await call.RequestStream.CompleteAsync();
        return await call.ResponseAsync;
    }

    [Fact]
    public async Task Suggest_picks_stored_unlabelled_rows_and_a_label_moves_one_into_the_examples()
    {
        const string tenant = "sugg-grpc";
        var key = await _api.CreateTenantAsync(tenant);
        var auth = GatewayHostFixture.Bearer(key);
        await _api.Labels.SetLabelsAsync(new SetLabelsRequest { Tenant = tenant, Labels = { "crude", "earn", "money-fx" } }, auth);
        var train = Reuters.Split("train");
        await _api.ImportAsync(tenant, key, GatewayApi.Pairs(train.GroupBy(r => r.Label).SelectMany(g => g.Take(6))));
        var open = Reuters.Split("test").Take(30).Select(r => r.Text).ToArray();
        Assert.Equal(30, (await ImportUnlabelledAsync(tenant, key, open)).Accepted);

        // The CLI's `examples list --all --source unlabelled`, in pages of 7.
        var listed = await ExamplesCommand.ListAllAsync(_api.Examples,
            new ListExamplesRequest { Tenant = tenant, PageSize = 7, Source = "unlabelled" }, new CallOptions(auth));
        Assert.Equal(open, listed.Select(e => e.Text));
        Assert.All(listed, e => Assert.Equal(("", "unlabelled", "open"), (e.Label, e.Source, e.ImportId)));
        var unlabelledIds = listed.Select(e => e.Id).ToHashSet();

        // count 0: the default 10; spread before any head.
        var spread = await _api.Examples.SuggestAsync(new SuggestRequest { Tenant = tenant }, auth);
        Assert.Equal(("spread", 30L, 0), (spread.Strategy, spread.Candidates, spread.HeadVersion));
        Assert.Equal(10, spread.Suggestions.Count);
        Assert.All(spread.Suggestions, s => Assert.Contains(s.ExampleId, unlabelledIds));
        Assert.Contains("no head yet", SuggestCommand.Describe(spread));

        await GatewayApi.FailsWith(StatusCode.InvalidArgument, () => _api.Examples.SuggestAsync(new SuggestRequest { Tenant = tenant, Count = 101 }, auth).ResponseAsync);
        await GatewayApi.FailsWith(StatusCode.InvalidArgument, () => _api.Examples.SuggestAsync(new SuggestRequest { Tenant = tenant, Count = -1 }, auth).ResponseAsync);
        await GatewayApi.FailsWith(StatusCode.Unauthenticated, () => _api.Examples.SuggestAsync(new SuggestRequest { Tenant = tenant },
            GatewayHostFixture.Bearer($"lle_{tenant}.not-the-key")).ResponseAsync);
        await GatewayApi.FailsWith(StatusCode.Unauthenticated, () => _api.Examples.SuggestAsync(new SuggestRequest { Tenant = tenant }).ResponseAsync);

        Assert.Equal(JobState.Succeeded, (await _api.TrainAndWaitAsync(tenant, key)).State);
        var uncertain = await _api.Examples.SuggestAsync(new SuggestRequest { Tenant = tenant, Count = 5 }, auth);
        Assert.Equal(("uncertainty", 1), (uncertain.Strategy, uncertain.HeadVersion));
        Assert.Equal(5, uncertain.Suggestions.Count);
        Assert.All(uncertain.Suggestions, s => Assert.Contains(s.PredictedLabel, new[] { "crude", "earn", "money-fx" }));
        Assert.All(uncertain.Suggestions, s => Assert.Contains(s.ExampleId, unlabelledIds));
        var json = SuggestCommand.ToJson(uncertain.Suggestions[0], uncertain);
        Assert.Equal((uncertain.Suggestions[0].ExampleId, "uncertainty"), ((long)json["id"], (string)json["strategy"]));

        var pick = uncertain.Suggestions[0];
        var labelled = await _api.Examples.RelabelExampleAsync(new RelabelExampleRequest { Tenant = tenant, Id = pick.ExampleId, Label = "earn" }, auth);
        Assert.Equal(("earn", "suggestion", pick.Text), (labelled.Label, labelled.Source, labelled.Text));
        var counts = await _api.Examples.CountExamplesAsync(new CountExamplesRequest { Tenant = tenant }, auth);
        Assert.Equal((19L, 29L, 1L), (counts.Total, counts.PerSource["unlabelled"], counts.PerSource["suggestion"]));
        var after = await _api.Examples.SuggestAsync(new SuggestRequest { Tenant = tenant, Count = 100 }, auth);
        Assert.Equal(29, after.Candidates);
        Assert.DoesNotContain(after.Suggestions, s => s.ExampleId == pick.ExampleId);
    }
}
