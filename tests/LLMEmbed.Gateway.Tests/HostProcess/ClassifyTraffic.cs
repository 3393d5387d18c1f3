using System.Diagnostics;
using Grpc.Core;
using Grpc.Net.Client;
using LLMEmbed.Protos.V1;

namespace LLMEmbed.Gateway.Tests.HostProcess;

/// <summary>
/// Classify calls one after another (a fresh text each, so each runs the backbone) until stopped, counting the
/// answers and keeping every failure's status: what a tenant's traffic sees while something else is broken.
/// </summary>
internal sealed class ClassifyTraffic : IAsyncDisposable
{
    private static readonly TimeSpan CallDeadline = TimeSpan.FromSeconds(10);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<string> _failures = [];
    private readonly Task _loop;
    private int _answered;
    private TimeSpan _slowest;

    public ClassifyTraffic(string endpoint, string tenant, string key)
    {
        _loop = Task.Run(() => LoopAsync(endpoint, tenant, new Metadata { { "authorization", $"Bearer {key}" } }));
    }

    /// <summary>Stops the calls; the count of answers, the failures, and the slowest answer.</summary>
    public async Task<(int Answered, IReadOnlyList<string> Failures, TimeSpan Slowest)> StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        return (_answered, _failures, _slowest);
    }

    private async Task LoopAsync(string endpoint, string tenant, Metadata auth)
    {
        using var channel = GrpcChannel.ForAddress(endpoint);
        var client = new Inference.InferenceClient(channel);
        for (var i = 0; !_stop.IsCancellationRequested; i++)
        {
            var took = Stopwatch.StartNew();
            try
            {
                var answer = await client.ClassifyAsync(
                    new ClassifyRequest { Tenant = tenant, Texts = { $"OPEC ministers agreed to cut crude output again, report {i}" } },
                    auth, DateTime.UtcNow + CallDeadline);
                if (answer.Results.Count == 1 && answer.Results[0].Label.Length > 0) _answered++;
                else _failures.Add($"call {i}: an answer without a label: {answer}");
                if (took.Elapsed > _slowest) _slowest = took.Elapsed;
            }
            catch (RpcException e) // the stop cancels no call: one in flight finishes and counts
            {
                _failures.Add($"call {i} after {took.Elapsed.TotalSeconds:0.0} s: {e.StatusCode} {e.Status.Detail}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested) await StopAsync();
        _stop.Dispose();
    }
}
