using Grpc.Core;
using LLMEmbed.Protos.V1;
using LLMEmbed.Tests;

namespace LLMEmbed.Gateway.Tests.EndToEnd;

/// <summary>
/// Open imports are bounded per gateway (Gateway:MaxConcurrentImports): each holds rows in the gateway's memory, so
/// one more is refused with ResourceExhausted and a Retry-After, and the bound frees as they end. Its own host and
/// channel (bound 3): nothing another test leaves open on a shared gateway can take a slot or a stream.
/// </summary>
public sealed class ConcurrentImportsTests : IAsyncLifetime
{
    private const int Bound = 3;
    private OwnGatewayHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await OwnGatewayHost.StartAsync("concurrent-imports", "Gateway:MaxConcurrentImports", Bound.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task One_import_past_the_bound_is_refused_and_admitted_once_one_ends()
    {
        var examples = new Examples.ExamplesClient(_host.Channel);
        var key = (await new Admin.AdminClient(_host.Channel).CreateTenantAsync(new CreateTenantRequest { Tenant = "import-cap", Recipe = "last" }, GatewayHostFixture.Bearer(_host.AdminKey))).Key;
        await new Labels.LabelsClient(_host.Channel).SetLabelsAsync(new SetLabelsRequest { Tenant = "import-cap", Labels = { "crude", "earn" } }, GatewayHostFixture.Bearer(key));
        var row = new Example { Text = "Oil output rose.", Label = "crude" };

        var open = new List<AsyncClientStreamingCall<ImportExamplesRequest, AddExamplesResponse>>();
        using var stop = new CancellationTokenSource();
        try
        {
            for (var i = 0; i < Bound; i++)
            {
                var call = examples.ImportExamples(GatewayHostFixture.Bearer(key), cancellationToken: stop.Token);
                await call.RequestStream.WriteAsync(new ImportExamplesRequest { Tenant = "import-cap", Examples = { row } }); // and never completes
                open.Add(call);
            }
            // The open imports are admitted as their first messages arrive: probe until one more is refused.
            var refused = await Eventually.UntilAsync(() => ProbeAsync(examples, key, row), e => e is not null, TimeSpan.FromSeconds(30));
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
        var admitted = await Eventually.UntilAsync(() => ProbeAsync(examples, key, row), e => e is null, TimeSpan.FromSeconds(30));
        Assert.Null(admitted);
    }

    /// <summary>A one-row import: null when it was stored, else its refusal.</summary>
    private static async Task<RpcException?> ProbeAsync(Examples.ExamplesClient examples, string key, Example row)
    {
        try
        {
            using var call = examples.ImportExamples(GatewayHostFixture.Bearer(key));
            try
            {
                await call.RequestStream.WriteAsync(new ImportExamplesRequest { Tenant = "import-cap", Truncate = true, Examples = { row } });
                await call.RequestStream.CompleteAsync();
            }
            catch (RpcException)
            {
                // The gateway ended the call early: its status is in the response.
            }
            await call.ResponseAsync;
            return null;
        }
        catch (RpcException e)
        {
            return e;
        }
    }
}
