using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;
using LLMEmbed.Cli.Client;
using LLMEmbed.Grains.Abstractions;
using LLMEmbed.Protos.V1;

namespace LLMEmbed.Gateway.Tests;

/// <summary>The CLI's call step (retries, an unreachable gateway named) and its text limit, without a gateway.</summary>
public sealed class GatewayCallsTests
{
    private static readonly Uri Endpoint = new("http://127.0.0.1:5000");
    private static readonly GatewayRetryPolicy Policy = new(4, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(300), () => 1.0);

    private static RpcException Refused(string limit, string? retryAfter = null)
    {
        var trailers = new Metadata { { GatewayRetryPolicy.LimitTrailer, limit } };
        if (retryAfter is not null) trailers.Add(GatewayRetryPolicy.RetryAfterTrailer, retryAfter);
        return new RpcException(new Status(StatusCode.ResourceExhausted, $"{limit} exceeded"), trailers);
    }

    /// <summary>Runs one unary call through <see cref="GatewayCalls"/> whose attempts fail with <paramref name="failures"/> in turn, then succeed.</summary>
    private static async Task<(int Attempts, List<TimeSpan> Waits, Exception? Error)> CallAsync(GatewayRetryPolicy policy, params RpcException[] failures)
    {
        var attempts = 0;
        var waits = new List<TimeSpan>();
        var calls = new GatewayCalls(Endpoint, policy, (wait, _) => { waits.Add(wait); return Task.CompletedTask; });
        var method = new Method<ListLabelsRequest, LabelsResponse>(MethodType.Unary, "llmembed.v1.Labels", "ListLabels",
            Marshallers.Create(r => r.ToByteArray(), ListLabelsRequest.Parser.ParseFrom), Marshallers.Create(r => r.ToByteArray(), LabelsResponse.Parser.ParseFrom));
        var context = new ClientInterceptorContext<ListLabelsRequest, LabelsResponse>(method, null, new CallOptions());
        var call = calls.AsyncUnaryCall(new ListLabelsRequest(), context, (_, _) =>
        {
            var failure = attempts < failures.Length ? failures[attempts] : null;
            attempts++;
            var response = failure is null ? Task.FromResult(new LabelsResponse()) : Task.FromException<LabelsResponse>(failure);
            return new AsyncUnaryCall<LabelsResponse>(response, Task.FromResult(new Metadata()), () => Status.DefaultSuccess, () => [], () => { });
        });
        try
        {
            await call.ResponseAsync;
            return (attempts, waits, null);
        }
        catch (RpcException e)
        {
            return (attempts, waits, e);
        }
    }

    [Fact]
    public async Task A_refusal_over_the_request_rate_is_retried_with_growing_waits()
    {
        var (attempts, waits, error) = await CallAsync(Policy, Refused("requests_per_second"), Refused("backbone_queue"), new RpcException(new Status(StatusCode.Unavailable, "gone")));
        Assert.Null(error);
        Assert.Equal(4, attempts);
        Assert.Equal([100, 200, 300], waits.Select(w => (int)w.TotalMilliseconds));
    }

    [Fact]
    public async Task Retries_are_bounded_and_the_last_refusal_reaches_the_caller()
    {
        var (attempts, _, error) = await CallAsync(Policy, Enumerable.Repeat(Refused("requests_per_second"), 10).ToArray());
        Assert.Equal(Policy.MaxAttempts, attempts);
        Assert.Equal(StatusCode.ResourceExhausted, Assert.IsType<RpcException>(error).StatusCode);
    }

    [Fact]
    public async Task A_fixed_limit_is_not_retried()
    {
        var (attempts, waits, error) = await CallAsync(Policy, Refused("texts_per_call"));
        Assert.Equal((1, 0), (attempts, waits.Count));
        Assert.NotNull(error);
    }

    [Fact]
    public async Task A_retry_after_trailer_is_the_least_wait()
    {
        var (_, waits, error) = await CallAsync(Policy, Refused("requests_per_second", retryAfter: "2"));
        Assert.Null(error);
        Assert.Equal([TimeSpan.FromSeconds(2)], waits);
    }

    [Fact]
    public async Task A_gateway_that_cannot_be_reached_is_named_with_what_to_check()
    {
        using var channel = Grpc.Net.Client.GrpcChannel.ForAddress("http://127.0.0.1:1");
        var client = new Labels.LabelsClient(channel.Intercept(new GatewayCalls(new Uri("http://127.0.0.1:1"), Policy with { MaxAttempts = 2 }, (_, _) => Task.CompletedTask)));
        var error = await Assert.ThrowsAsync<RpcException>(async () => await client.ListLabelsAsync(new ListLabelsRequest { Tenant = "t" }));
        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Contains("cannot reach the gateway at http://127.0.0.1:1/", error.Status.Detail);
        Assert.Contains("LLMEMBED_ENDPOINT", error.Status.Detail);
    }

    [Fact]
    public void The_clients_text_limit_is_the_gateways() => Assert.Equal(ClusterLimits.MaxTextChars, ClientTextLimit.MaxChars);

    [Fact]
    public void A_text_over_the_limit_is_refused_naming_where_it_is_or_cut_with_truncate()
    {
        var text = new string('a', ClientTextLimit.MaxChars - 1) + "\ud83d\ude00" + "tail";
        var error = Assert.Throws<InvalidDataException>(() => ClientTextLimit.Fit(text, "big.jsonl:7", truncate: false));
        Assert.Contains("big.jsonl:7", error.Message);
        Assert.Contains("65,536", error.Message);
        Assert.Contains("--truncate", error.Message);
        // Cut before the emoji rather than between its two halves.
        Assert.Equal(ClientTextLimit.MaxChars - 1, ClientTextLimit.Fit(text, "big.jsonl:7", truncate: true).Length);
        Assert.Same("short", ClientTextLimit.Fit("short", "x", truncate: false));
    }

    [Fact]
    public void Batches_keep_a_message_under_the_byte_budget()
    {
        var big = new string('b', ClientTextLimit.MaxChars);
        var batches = ClientTextLimit.Batches(Enumerable.Repeat(big, 40).Append("small"), count: 64).ToList();
        Assert.All(batches, b => Assert.True(b.Sum(ClientTextLimit.Bytes) <= ClientTextLimit.MessageBytes));
        Assert.Equal(41, batches.Sum(b => b.Count));
        Assert.Equal([3, 2], ClientTextLimit.Batches(["a", "b", "c", "d", "e"], count: 3).Select(b => b.Count));
    }

    [Theory]
    [InlineData("lle_shop.c2VjcmV0", "shop")]
    [InlineData("admin-key-0123456789", null)]
    [InlineData("lle_shop.", null)]
    public void The_tenant_comes_from_a_tenant_key(string key, string? tenant) => Assert.Equal(tenant, ClientSettings.TenantOfKey(key));
}
