using System.Net;
using LLMEmbed.Grains.Abstractions.Backbones;
using LLMEmbed.Grains.Routing;
using Microsoft.Extensions.Time.Testing;

namespace LLMEmbed.Cluster.Tests;

public sealed class ReplicaRouterTests
{
    private static readonly HashSet<string> None = [];
    private readonly FakeTimeProvider _time = new();

    private static ReplicaCandidate Replica(string key, string accelerator = "cpu", int port = 1) =>
        new(key, SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11000 + port), 1), accelerator);

    private ReplicaRouter Router(bool preferAccelerator = true) =>
        new(new RoutingOptions { PreferAccelerator = preferAccelerator, DepthMaxAge = TimeSpan.FromSeconds(1) }, _time, seed: 7);

    [Fact]
    public void Cuda_replicas_are_chosen_before_cpu_ones_unless_preference_is_off()
    {
        ReplicaCandidate[] live = [Replica("cpu-a", port: 1), Replica("gpu", "cuda", 2), Replica("cpu-b", port: 3)];
        var router = Router();
        for (var i = 0; i < 50; i++) Assert.Equal("gpu", router.Choose(live, None)!.Key);

        var flat = Router(preferAccelerator: false);
        var chosen = Enumerable.Range(0, 200).Select(_ => flat.Choose(live, None)!.Key).ToHashSet();
        Assert.Equal(3, chosen.Count);
    }

    [Fact]
    public void Cpu_replicas_serve_when_every_cuda_replica_was_tried()
    {
        ReplicaCandidate[] live = [Replica("cpu", port: 1), Replica("gpu", "cuda", 2)];
        Assert.Equal("cpu", Router().Choose(live, new HashSet<string> { "gpu" })!.Key);
    }

    [Fact]
    public void Of_two_replicas_the_shallower_queue_wins()
    {
        ReplicaCandidate[] live = [Replica("deep", port: 1), Replica("shallow", port: 2)];
        var router = Router();
        router.Returned("deep", 0, queueDepth: 50);
        router.Returned("shallow", 0, queueDepth: 3);
        for (var i = 0; i < 50; i++) Assert.Equal("shallow", router.Choose(live, None)!.Key);
        // This router's own in-flight sequences count as load too.
        router.Sent("shallow", 100);
        Assert.Equal("deep", router.Choose(live, None)!.Key);
    }

    [Fact]
    public void Stale_depths_age_out_and_are_probed_at_most_once_per_interval()
    {
        ReplicaCandidate[] live = [Replica("was-deep", port: 1), Replica("other", port: 2)];
        var router = Router();
        router.Returned("was-deep", 0, queueDepth: 500);
        router.Returned("other", 0, queueDepth: 10);
        Assert.Equal(500, router.LoadOf("was-deep"));
        Assert.False(router.ShouldProbe("was-deep"));
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(0, router.LoadOf("was-deep"));
        Assert.True(router.ShouldProbe("was-deep"));
        Assert.False(router.ShouldProbe("was-deep"));
        var picks = Enumerable.Range(0, 200).Select(_ => router.Choose(live, None)!.Key).ToList();
        Assert.Contains("was-deep", picks);
        Assert.Contains("other", picks);
    }

    [Fact]
    public void Full_and_failed_replicas_are_skipped_but_remain_a_last_resort()
    {
        ReplicaCandidate[] live = [Replica("full", port: 1), Replica("dead", port: 2), Replica("ok", port: 3)];
        var router = Router();
        router.Full("full");
        router.Failed("dead");
        for (var i = 0; i < 50; i++) Assert.Equal("ok", router.Choose(live, None)!.Key);
        // Once the healthy one was tried by this call, the skipped ones are tried rather than failing the call.
        Assert.Contains(router.Choose(live, new HashSet<string> { "ok" })!.Key, new[] { "full", "dead" });
        // A replica that answers is healthy again.
        router.Returned("dead", 0, queueDepth: 0);
        _time.Advance(TimeSpan.FromMilliseconds(500));
        var picks = Enumerable.Range(0, 200).Select(_ => router.Choose(live, None)!.Key).ToHashSet();
        Assert.Contains("dead", picks);
        Assert.Contains("full", picks);
    }

    [Fact]
    public void When_every_replica_was_tried_or_none_is_live_there_is_no_choice()
    {
        ReplicaCandidate[] live = [Replica("a", port: 1), Replica("b", port: 2)];
        var router = Router();
        Assert.Null(router.Choose(live, new HashSet<string> { "a", "b" }));
        Assert.Null(router.Choose([], None));
    }

    [Fact]
    public void A_failing_replica_is_skipped_longer_with_each_failure_in_a_row_and_forgiven_when_it_answers()
    {
        ReplicaCandidate[] live = [Replica("flaky", port: 1), Replica("steady", port: 2)];
        var router = new ReplicaRouter(new RoutingOptions { FailureBackoff = TimeSpan.FromMilliseconds(500), EjectFor = TimeSpan.FromSeconds(10) }, _time, seed: 3);
        bool Chosen() => Enumerable.Range(0, 100).Any(_ => router.Choose(live, None)!.Key == "flaky");

        router.Failed("flaky");
        Assert.False(Chosen());
        _time.Advance(TimeSpan.FromMilliseconds(600));
        Assert.True(Chosen()); // a first failure (a silo that just joined) costs half a second

        router.Failed("flaky");
        router.Failed("flaky");
        router.Failed("flaky"); // fourth in a row: 4 s
        _time.Advance(TimeSpan.FromSeconds(3));
        Assert.False(Chosen());
        _time.Advance(TimeSpan.FromSeconds(1.5));
        Assert.True(Chosen());

        for (var i = 0; i < 10; i++) router.Failed("flaky"); // capped at EjectFor
        _time.Advance(TimeSpan.FromSeconds(10.5));
        Assert.True(Chosen());
        router.Returned("flaky", 0, queueDepth: 0);
        router.Failed("flaky"); // answered in between: back to the first step
        _time.Advance(TimeSpan.FromMilliseconds(600));
        Assert.True(Chosen());
    }

    [Fact]
    public void Replicas_of_silos_no_longer_hosting_are_forgotten()
    {
        var stays = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11001), 1);
        var leaves = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11002), 1);
        var (kept, gone) = (ReplicaKey.Format("b", stays), ReplicaKey.Format("b", leaves));
        ReplicaCandidate[] live = [new(kept, stays, "cpu"), new(gone, leaves, "cpu")];
        var router = Router();
        router.Sent(kept, 5);
        router.Sent(gone, 7);
        router.Failed(gone);
        Assert.Equal((5, 7), (router.LoadOf(kept), router.LoadOf(gone)));
        Assert.All(Enumerable.Range(0, 50), _ => Assert.Equal(kept, router.Choose(live, None)!.Key));

        router.Retain([stays]);
        Assert.Equal((5, 0), (router.LoadOf(kept), router.LoadOf(gone)));
        // Its skip went with it: listed again, it is a new, idle replica and wins on load.
        Assert.All(Enumerable.Range(0, 50), _ => Assert.Equal(gone, router.Choose(live, None)!.Key));
        router.Retain([]);
        Assert.Equal(0, router.LoadOf(kept));
    }
}
