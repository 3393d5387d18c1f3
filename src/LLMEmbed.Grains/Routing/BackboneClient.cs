using LLMEmbed.Grains.Abstractions.Backbones;
using Microsoft.Extensions.Logging;
using Orleans.Runtime.Messaging;

namespace LLMEmbed.Grains.Routing;

/// <summary>
/// This silo's way to a backbone: picks a live replica with <see cref="ReplicaRouter"/>, sends the
/// call, and when the replica's silo is gone or refused the message, or its queue is full, sends the
/// same call to another replica (embedding is idempotent) until the caller's cancellation. Only when
/// no replica is left does the caller get an error: <see cref="BackboneOverloadedGrainException"/> if
/// some replica refused for a full queue, otherwise <see cref="NoBackboneReplicaException"/>.
/// </summary>
public sealed class BackboneClient(IGrainFactory grains, ReplicaDirectory directory, ReplicaRouter router, ILogger<BackboneClient> logger)
{
    public async Task<EmbeddingBlob> EmbedAsync(string backboneId, EmbedTextsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(backboneId);
        ArgumentNullException.ThrowIfNull(request);
        var tried = new HashSet<string>(StringComparer.Ordinal);
        BackboneOverloadedGrainException? overloaded = null;
        Exception? lastFailure = null;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var live = directory.Replicas(backboneId);
            var choice = router.Choose(live, tried);
            if (choice is null)
            {
                if (overloaded is not null)
                    throw new BackboneOverloadedGrainException(backboneId, overloaded.Capacity,
                        $"Every live replica of backbone '{backboneId}' ({tried.Count}) is overloaded. Retry later. Last: {overloaded.Message}");
                throw new NoBackboneReplicaException(backboneId, live.Count == 0
                    ? $"No live backbone-host silo serves backbone '{backboneId}'. Retry shortly."
                    : $"No replica of backbone '{backboneId}' could be reached ({tried.Count} tried; last error: {lastFailure?.Message}). Retry shortly.");
            }
            tried.Add(choice.Key);
            Probe(choice);
            var replica = grains.GetGrain<IBackboneReplicaGrain>(choice.Key);
            router.Sent(choice.Key, request.Texts.Length);
            int? depth = null;
            try
            {
                var reply = await replica.Embed(request, cancellationToken);
                depth = reply.QueueDepth;
                return reply.Vectors;
            }
            catch (BackboneOverloadedGrainException e)
            {
                router.Full(choice.Key);
                overloaded = e;
            }
            catch (NoBackboneReplicaException e) when (!cancellationToken.IsCancellationRequested)
            {
                // Placement refused: the silo is not (yet) known as an active host where the call was placed,
                // typically a host that joined moments ago. Not a failure of the replica: skip it briefly.
                router.Full(choice.Key);
                lastFailure = e;
            }
            catch (Exception e) when (IsUnreachable(e) && !cancellationToken.IsCancellationRequested)
            {
                router.Failed(choice.Key);
                lastFailure = e;
                logger.LogInformation("Replica {Replica} unreachable ({Error}); re-sending to another replica", choice.Key, e.GetType().Name);
            }
            finally
            {
                router.Returned(choice.Key, request.Texts.Length, depth);
            }
        }
    }

    /// <summary>Failures after which the call certainly did not complete on that replica, so re-sending is safe.</summary>
    public static bool IsUnreachable(Exception e) => e is
        OrleansMessageRejectionException or ConnectionFailedException or NoBackboneReplicaException or
        // The replica's silo is shutting down: its batcher was disposed under the call.
        ObjectDisposedException or
        TimeoutException;

    /// <summary>Refreshes a stale depth figure in the background, at most every ProbeInterval per replica.</summary>
    private void Probe(ReplicaCandidate candidate)
    {
        if (!router.ShouldProbe(candidate.Key)) return;
        _ = ProbeAsync(candidate.Key);
    }

    private async Task ProbeAsync(string key)
    {
        try
        {
            router.Probed(key, await grains.GetGrain<IBackboneReplicaGrain>(key).QueueDepth());
        }
        catch (Exception)
        {
            // A probe is advisory: whatever made it fail will fail (and be handled by) the next real call too.
            router.Failed(key);
        }
    }
}
