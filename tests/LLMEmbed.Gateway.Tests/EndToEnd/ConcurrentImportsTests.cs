using Grpc.Core;
using LLMEmbed.Protos.V1;
using LLMEmbed.Tests;

namespace LLMEmbed.Gateway.Tests.EndToEnd;

/// <summary>
/// Open imports are bounded per gateway (Gateway:MaxConcurrentImports, 16 here as by default): each holds rows in
/// the gateway's memory, so one more is refused with ResourceExhausted and a Retry-After, and the bound frees as they end.
/// </summary>
[Collection(GatewayHostCollection.Name)]
public sealed class ConcurrentImportsTests(GatewayHostFixture host)
{
    private const int Bound = 16;

    [Fact]
    public async Task One_import_past_the_bound_is_refused_and_admitted_once_one_ends()
    {
        var api = new GatewayApi(host);
        var key = await api.CreateTenantAsync("import-cap");
        await api.Labels.SetLabelsAsync(new SetLabelsRequest { Tenant = "import-cap", Labels = { "crude", "earn" } }, GatewayHostFixture.Bearer(key));
        var row = new Example { Text = "Oil output rose.", Label = "crude" };

        var open = new List<AsyncClientStreamingCall<ImportExamplesRequest, AddExamplesResponse>>();
        using var stop = new CancellationTokenSource();
        try
        {
            for (var i = 0; i < Bound; i++)
            {
                var call = api.Examples.ImportExamples(GatewayHostFixture.Bearer(key), cancellationToken: stop.Token);
                await call.RequestStream.WriteAsync(new ImportExamplesRequest { Tenant = "import-cap", Examples = { row } }); // and never completes
                open.Add(call);
            }
            // The open imports are admitted as their first messages arrive: probe until one more is refused.
            var refused = await Eventually.UntilAsync(() => ProbeAsync(api, key, row), e => e is not null, TimeSpan.FromSeconds(30));
            Assert.NotNull(refused);
            Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
            Assert.Equal("concurrent_imports", refused.Trailers.GetValue("llmembed-limit"));
            Assert.Equal("5", refused.Trailers.GetValue("retry-after"));
        }
        finally
        {
            await stop.CancelAsync(); // the clients go away: their imports end and free the bound
            foreach (var call in open) call.Dispose();
        }
        var admitted = await Eventually.UntilAsync(() => ProbeAsync(api, key, row), e => e is null, TimeSpan.FromSeconds(30));
        Assert.Null(admitted);
    }

    /// <summary>A one-row import: null when it was stored, else its refusal.</summary>
    private static async Task<RpcException?> ProbeAsync(GatewayApi api, string key, Example row)
    {
        try
        {
            await api.ImportAsync("import-cap", key, [(row.Text, row.Label)]);
            return null;
        }
        catch (RpcException e)
        {
            return e;
        }
    }
}
