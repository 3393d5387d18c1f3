using System.Security.Cryptography;
using Grpc.Core;
using LLMEmbed.Protos.V1;

namespace LLMEmbed.Gateway.Tests.EndToEnd;

/// <summary>
/// Keys of strangers: malformed, naming tenants that do not exist, or a wrong secret for a real tenant. Every one
/// gets the same answer, and none activates a tenant grain (so none reads tenant storage), so a word list of
/// customer names learns nothing and costs the cluster nothing.
/// </summary>
[Collection(GatewayHostCollection.Name)]
public sealed class StrangerKeyTests(GatewayHostFixture host)
{
    private const int Calls = 10_000;

    [Fact]
    public async Task Ten_thousand_random_keys_get_one_answer_and_activate_no_tenant()
    {
        var alpha = await host.AlphaAsync();
        var inference = new Inference.InferenceClient(host.Channel);
        var names = Enumerable.Range(0, Calls).Select(i => $"guess-{i}-{RandomNumberGenerator.GetHexString(6, lowercase: true)}").ToArray();
        string KeyOf(int i) => (i % 5) switch
        {
            0 => $"lle_{names[i]}.{RandomNumberGenerator.GetHexString(43)}", // a well-formed key of a made-up tenant
            1 => $"lle_{alpha.Tenant}.{RandomNumberGenerator.GetHexString(43)}", // a real tenant, a wrong secret
            2 => RandomNumberGenerator.GetHexString(40), // not a tenant key at all
            3 => $"lle_{names[i]}", // no secret part
            _ => $"lle_{names[(i + 1) % Calls]}.{RandomNumberGenerator.GetHexString(43)}", // a made-up tenant other than the one named
        };
        string TenantOf(int i) => i % 5 == 1 ? alpha.Tenant : names[i];

        var answers = new (StatusCode Status, string Detail)[Calls];
        await Parallel.ForEachAsync(Enumerable.Range(0, Calls), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            var error = await Assert.ThrowsAsync<RpcException>(async () => await inference.ClassifyAsync(
                new ClassifyRequest { Tenant = TenantOf(i), Texts = { "Oil prices rose." } }, GatewayHostFixture.Bearer(KeyOf(i)), cancellationToken: ct));
            answers[i] = (error.StatusCode, error.Status.Detail);
        });

        Assert.All(answers, a => Assert.Equal((StatusCode.Unauthenticated, "unknown tenant key."), a));
        var tried = names.ToHashSet(StringComparer.Ordinal);
        var active = await host.Grains.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        Assert.DoesNotContain(active, a => tried.Contains(a.GrainId.Key.ToString()!));
        // The real tenant still answers its own key.
        Assert.NotEmpty((await inference.ClassifyAsync(new ClassifyRequest { Tenant = alpha.Tenant, Texts = { "Oil prices rose." } }, GatewayHostFixture.Bearer(alpha.Key))).Results);
    }
}
