using Grpc.Net.Client;
using LLMEmbed.Protos.V1;

namespace LLMEmbed.Bench;

/// <summary>One Classify per tenant, spread over the clients: leaves every tenant active at once.</summary>
internal static class ZipfSweep
{
    public static async Task ClassifyEachAsync(IReadOnlyList<GrpcChannel> clients, IReadOnlyList<BenchTenant> tenants, string text)
    {
        var next = -1;
        await Task.WhenAll(clients.Select(channel => Task.Run(async () =>
        {
            var client = new Inference.InferenceClient(channel);
            int t;
            while ((t = Interlocked.Increment(ref next)) < tenants.Count)
                await client.ClassifyAsync(new ClassifyRequest { Tenant = tenants[t].Id, Texts = { text }, Truncate = true }, tenants[t].Headers);
        })));
    }
}
