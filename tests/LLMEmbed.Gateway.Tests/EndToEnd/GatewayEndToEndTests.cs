using LLMEmbed.Tests;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;
using LLMEmbed.Protos.V1;

namespace LLMEmbed.Gateway.Tests.EndToEnd;

/// <summary>The public API over real loopback gRPC, real grains and the real MiniLM backbone.</summary>
[Collection(GatewayHostCollection.Name)]
public sealed class GatewayEndToEndTests(GatewayHostFixture host)
{
    private readonly GatewayApi _api = new(host);
    private static readonly string LongText = string.Join(' ', Enumerable.Repeat("petroleum", 400));

    [Fact]
    public async Task Imported_and_trained_tenant_classifies_held_out_stories()
    {
        var alpha = await host.AlphaAsync();
        Assert.Equal(120, alpha.Imported.Accepted);
        Assert.Equal(120, alpha.Imported.TotalExamples);
        Assert.True(alpha.Job.State == JobState.Succeeded, alpha.Job.Message);
        Assert.True(alpha.Job.Promoted);
        Assert.Equal(1, alpha.Job.HeadVersion);
        Assert.Equal(["crude", "earn", "money-fx"], alpha.Job.Metrics.Labels);

        var test = Reuters.Split("test");
        var response = await _api.Inference.ClassifyAsync(
            new ClassifyRequest { Tenant = "alpha", Texts = { test.Select(r => r.Text) }, TopK = 2, Truncate = true }, GatewayHostFixture.Bearer(alpha.Key));
        Assert.Equal(test.Count, response.Results.Count);
        var accuracy = response.Results.Zip(test).Count(p => p.First.Label == p.Second.Label) / (double)test.Count;
        Assert.True(accuracy >= 0.85, $"held-out accuracy {accuracy:P1}");
        Assert.All(response.Results, r => Assert.Equal(2, r.Probabilities.Count));
        Assert.All(response.Results, r => Assert.Equal(1, r.HeadVersion));
        // An abstained story (out of the head's scope, a few percent of in-scope ones by design) answers "" and keeps its scores.
        Assert.All(response.Results, r => Assert.Equal(r.Abstained ? "" : r.Probabilities[0].Label, r.Label));

        var embedded = await _api.Inference.EmbedAsync(new EmbedRequest { Tenant = "alpha", Texts = { "Oil prices fell.", "Net profit rose." } }, GatewayHostFixture.Bearer(alpha.Key));
        Assert.Equal("last", embedded.Recipe);
        Assert.True(embedded.Dimension > 0);
        Assert.All(embedded.Vectors, v => Assert.Equal(embedded.Dimension * sizeof(float), v.Length));
    }

    [Fact]
    public async Task A_key_opens_only_its_own_tenant()
    {
        var alpha = await host.AlphaAsync();
        var betaKey = await _api.CreateTenantAsync("beta");
        var beta = GatewayHostFixture.Bearer(betaKey);
        await _api.Labels.SetLabelsAsync(new SetLabelsRequest { Tenant = "beta", Labels = { "crude", "earn" } }, beta);
        var imported = await _api.ImportAsync("beta", betaKey, GatewayApi.Pairs(Reuters.Split("train", "crude", "earn").Take(30)));
        Assert.Equal(30, imported.TotalExamples);

        var countBeta = new CountExamplesRequest { Tenant = "beta" };
        await GatewayApi.FailsWith(StatusCode.PermissionDenied, () => _api.Examples.CountExamplesAsync(countBeta, GatewayHostFixture.Bearer(alpha.Key)).ResponseAsync);
        await GatewayApi.FailsWith(StatusCode.PermissionDenied, () => _api.Inference.ClassifyAsync(
            new ClassifyRequest { Tenant = "alpha", Texts = { "oil" } }, beta).ResponseAsync);
        await GatewayApi.FailsWith(StatusCode.Unauthenticated, () => _api.Examples.CountExamplesAsync(countBeta).ResponseAsync);
        await GatewayApi.FailsWith(StatusCode.Unauthenticated, () => _api.Examples.CountExamplesAsync(countBeta, GatewayHostFixture.Bearer("lle_beta.not-the-key")).ResponseAsync);
        await GatewayApi.FailsWith(StatusCode.Unauthenticated, () => _api.Examples.CountExamplesAsync(countBeta, GatewayHostFixture.Bearer("garbage")).ResponseAsync);
        await GatewayApi.FailsWith(StatusCode.Unauthenticated, () => _api.Examples.CountExamplesAsync(countBeta, GatewayHostFixture.Admin).ResponseAsync);
        await GatewayApi.FailsWith(StatusCode.Unauthenticated, () => _api.Admin.ListTenantsAsync(new ListTenantsRequest(), beta).ResponseAsync);
        await GatewayApi.FailsWith(StatusCode.Unauthenticated, () => _api.Admin.ListTenantsAsync(new ListTenantsRequest()).ResponseAsync);
        Assert.Equal(30, (await _api.Examples.CountExamplesAsync(countBeta, beta)).Total);

        // Rotation: the old key stops at once on this gateway, the new one works.
        var rotated = await _api.Admin.RotateTenantKeyAsync(new RotateTenantKeyRequest { Tenant = "beta" }, GatewayHostFixture.Admin);
        await GatewayApi.FailsWith(StatusCode.Unauthenticated, () => _api.Examples.CountExamplesAsync(countBeta, beta).ResponseAsync);
        Assert.Equal(30, (await _api.Examples.CountExamplesAsync(countBeta, GatewayHostFixture.Bearer(rotated.Key))).Total);
    }

    [Fact]
    public async Task Unknown_tenants_are_refused_to_tenant_keys_and_not_found_by_the_admin()
    {
        // A tenant key naming a tenant that does not exist gets the answer of a wrong key (names stay secret).
        await GatewayApi.FailsWith(StatusCode.Unauthenticated, () => _api.Examples.CountExamplesAsync(
            new CountExamplesRequest { Tenant = "ghost" }, GatewayHostFixture.Bearer("lle_ghost.whatever")).ResponseAsync);
        await GatewayApi.FailsWith(StatusCode.NotFound, () => _api.Admin.DeleteTenantAsync(new DeleteTenantRequest { Tenant = "ghost" }, GatewayHostFixture.Admin).ResponseAsync);
        await GatewayApi.FailsWith(StatusCode.NotFound, () => _api.Admin.RotateTenantKeyAsync(new RotateTenantKeyRequest { Tenant = "ghost" }, GatewayHostFixture.Admin).ResponseAsync);
        await GatewayApi.FailsWith(StatusCode.InvalidArgument, () => _api.Admin.CreateTenantAsync(new CreateTenantRequest { Tenant = "bad.id" }, GatewayHostFixture.Admin).ResponseAsync);
    }

    [Fact]
    public async Task Bad_inputs_return_their_status_and_change_nothing()
    {
        var alpha = await host.AlphaAsync();
        var auth = GatewayHostFixture.Bearer(alpha.Key);
        var before = await _api.SnapshotAsync("alpha", alpha.Key);
        const string story = "Oil prices fell sharply on Monday.";

        Task Add(params Example[] examples) => _api.Examples.AddExamplesAsync(new AddExamplesRequest { Tenant = "alpha", Examples = { examples }, Truncate = false }, auth).ResponseAsync;
        Task Classify(params string[] texts) => _api.Inference.ClassifyAsync(new ClassifyRequest { Tenant = "alpha", Texts = { texts }, Truncate = false }, auth).ResponseAsync;

        await GatewayApi.FailsWith(StatusCode.InvalidArgument, () => Add(new Example { Text = "", Label = "crude" }));
        await GatewayApi.FailsWith(StatusCode.InvalidArgument, () => Add(new Example { Text = "Oil output rose.", Label = "crude" }, new Example { Text = "Wheat harvest fell.", Label = "wheat" }));
        await GatewayApi.FailsWith(StatusCode.InvalidArgument, () => Add(new Example { Text = LongText, Label = "crude" }));
        await GatewayApi.FailsWith(StatusCode.InvalidArgument, () => Classify(story, "  "));
        await GatewayApi.FailsWith(StatusCode.InvalidArgument, () => Classify());
        var tooLong = await GatewayApi.FailsWith(StatusCode.InvalidArgument, () => Classify("short", LongText));
        Assert.Contains("texts[1]", tooLong.Status.Detail);
        var tooMany = await GatewayApi.FailsWith(StatusCode.ResourceExhausted, () => Classify(Enumerable.Repeat(story, GatewayHostFixture.TextsPerCall + 1).ToArray()));
        Assert.Contains("texts_per_call", tooMany.Status.Detail);
        await GatewayApi.FailsWith(StatusCode.ResourceExhausted, () => Classify(new string('x', 5 * 1024 * 1024)));
        await GatewayApi.FailsWith(StatusCode.InvalidArgument, () => _api.Labels.SetLabelsAsync(
            new SetLabelsRequest { Tenant = "alpha", Labels = { "crude", "earn", "money-fx", "earn" } }, auth).ResponseAsync);
        await GatewayApi.FailsWith(StatusCode.NotFound, () => _api.Training.PromoteAsync(new PromoteRequest { Tenant = "alpha", Version = 99 }, auth).ResponseAsync);
        await GatewayApi.FailsWith(StatusCode.NotFound, () => _api.Training.GetJobAsync(new GetJobRequest { Tenant = "alpha", JobId = "no-such-job" }, auth).ResponseAsync);
        await GatewayApi.FailsWith(StatusCode.NotFound, () => _api.Training.CancelJobAsync(new CancelJobRequest { Tenant = "alpha", JobId = "no-such-job" }, auth).ResponseAsync);
        var ended = await GatewayApi.FailsWith(StatusCode.FailedPrecondition,
            () => _api.Training.CancelJobAsync(new CancelJobRequest { Tenant = "alpha", JobId = alpha.Job.JobId }, auth).ResponseAsync);
        Assert.Contains("already ended (succeeded)", ended.Status.Detail, StringComparison.Ordinal);
        await GatewayApi.FailsWith(StatusCode.AlreadyExists, () => _api.Admin.CreateTenantAsync(new CreateTenantRequest { Tenant = "alpha" }, GatewayHostFixture.Admin).ResponseAsync);

        Assert.Equal(before, await _api.SnapshotAsync("alpha", alpha.Key));

        // The same over-long text is accepted, and flagged, when the request allows truncation.
        var truncated = await _api.Inference.ClassifyAsync(new ClassifyRequest { Tenant = "alpha", Texts = { LongText }, Truncate = true }, auth);
        Assert.True(truncated.Results[0].Truncated);
    }

    [Fact]
    public async Task Import_stops_at_a_bad_row_keeping_the_chunks_before_it()
    {
        var key = await _api.CreateTenantAsync("gamma");
        var auth = GatewayHostFixture.Bearer(key);
        await _api.Labels.SetLabelsAsync(new SetLabelsRequest { Tenant = "gamma", Labels = { "crude", "earn" } }, auth);
        var rows = GatewayApi.Pairs(Reuters.Split("train", "crude", "earn")).ToList();
        rows[72] = (rows[72].Text, "wheat"); // row 73: unknown label, found by the tenant grain in the second chunk (rows 51-80)

        // Featurized in pieces of RowsPerGrainCall; the piece holding row 73 fails, the whole pieces before it are stored.
        var committed = 72 / GatewayHostFixture.RowsPerGrainCall * GatewayHostFixture.RowsPerGrainCall;
        var error = await GatewayApi.FailsWith(StatusCode.InvalidArgument, () => _api.ImportAsync("gamma", key, rows));
        Assert.StartsWith("row 73: label: unknown label 'wheat'.", error.Status.Detail);
        Assert.Contains($"{committed} rows are committed; resume after row {committed}.", error.Status.Detail);
        Assert.Equal("73", error.Trailers.GetValue("llmembed-import-row"));
        Assert.Equal($"{committed}", error.Trailers.GetValue("llmembed-import-committed"));
        Assert.Equal(committed, (await _api.Examples.CountExamplesAsync(new CountExamplesRequest { Tenant = "gamma" }, auth)).Total);

        // A blank text is caught by the gateway itself; the rows before it are stored first.
        var blank = rows.Take(30).ToList();
        blank[9] = ("", "crude");
        error = await GatewayApi.FailsWith(StatusCode.InvalidArgument, () => _api.ImportAsync("gamma", key, blank));
        Assert.StartsWith("row 10:", error.Status.Detail);
        Assert.Contains("9 rows are committed", error.Status.Detail);
        Assert.Equal(committed + 9, (await _api.Examples.CountExamplesAsync(new CountExamplesRequest { Tenant = "gamma" }, auth)).Total);

        // Retired labels take no new examples.
        await _api.Labels.RetireLabelAsync(new RetireLabelRequest { Tenant = "gamma", Label = "earn" }, auth);
        await GatewayApi.FailsWith(StatusCode.InvalidArgument, () => _api.Examples.AddExamplesAsync(
            new AddExamplesRequest { Tenant = "gamma", Examples = { new Example { Text = rows[0].Text, Label = "earn" } } }, auth).ResponseAsync);
        Assert.Equal(committed + 9, (await _api.Examples.CountExamplesAsync(new CountExamplesRequest { Tenant = "gamma" }, auth)).Total);
    }

    [Fact]
    public async Task An_import_names_file_lines_and_resumes_after_its_committed_rows_without_duplicates()
    {
        var key = await _api.CreateTenantAsync("zeta");
        var auth = GatewayHostFixture.Bearer(key);
        await _api.Labels.SetLabelsAsync(new SetLabelsRequest { Tenant = "zeta", Labels = { "crude", "earn", "money-fx" } }, auth);
        // Rows are featurized in pieces of the tenant's per-call bound; a bad row in the second piece leaves the first one stored.
        var piece = GatewayHostFixture.RowsPerGrainCall;
        Assert.Equal(piece, (await _api.Admin.GetTenantAsync(new GetTenantRequest { Tenant = "zeta" }, GatewayHostFixture.Admin)).TextsPerCall);
        var rows = GatewayApi.Pairs(Reuters.Split("train")).Take(piece + piece / 2).ToList();
        Assert.Equal(piece + piece / 2, rows.Count);
        var lines = Enumerable.Range(0, rows.Count).Select(i => 2L + 3 * i).ToArray(); // as if a header and blank lines sat between rows
        var bad = rows.ToList();
        var badRow = piece + piece / 4; // in the second piece
        bad[badRow] = (bad[badRow].Text, "wheat");

        var error = await GatewayApi.FailsWith(StatusCode.InvalidArgument, () => _api.ImportAsync("zeta", key, bad, importId: "file-1", lines: lines));
        Assert.StartsWith($"line {lines[badRow]}: label: unknown label 'wheat'. Import stopped: {piece} rows are committed; resume from line {lines[piece]}", error.Status.Detail);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(error.Status.Detail, $"line {lines[badRow]}\\b"));
        Assert.Equal(piece, (await _api.Examples.GetImportAsync(new GetImportRequest { Tenant = "zeta", ImportId = "file-1" }, auth)).CommittedRows);

        // Running the same import again without resume would store its first rows twice: refused.
        var again = await GatewayApi.FailsWith(StatusCode.FailedPrecondition, () => _api.ImportAsync("zeta", key, rows, importId: "file-1", lines: lines));
        Assert.Contains("--resume", again.Status.Detail);

        var resumed = await _api.ImportAsync("zeta", key, rows, importId: "file-1", resume: true, lines: lines);
        Assert.Equal(piece, resumed.Skipped);
        Assert.Equal(rows.Count - piece, resumed.Accepted);
        Assert.Equal(rows.Count, resumed.TotalExamples);
        Assert.Equal(rows.Count, (await _api.Examples.GetImportAsync(new GetImportRequest { Tenant = "zeta", ImportId = "file-1" }, auth)).CommittedRows);
        var counts = await _api.Examples.CountExamplesAsync(new CountExamplesRequest { Tenant = "zeta" }, auth);
        foreach (var label in new[] { "crude", "earn", "money-fx" }) Assert.Equal(rows.Count(r => r.Label == label), counts.PerLabel[label]);
    }

    [Fact]
    public async Task Top_k_zero_returns_every_label()
    {
        var alpha = await host.AlphaAsync();
        var response = await _api.Inference.ClassifyAsync(
            new ClassifyRequest { Tenant = "alpha", Texts = { "Oil prices fell.", "Net profit rose." }, TopK = 0 }, GatewayHostFixture.Bearer(alpha.Key));
        Assert.All(response.Results, r => Assert.Equal(["crude", "earn", "money-fx"], r.Probabilities.Select(p => p.Label).Order().ToArray()));
        Assert.All(response.Results, r => Assert.Equal(1.0, r.Probabilities.Sum(p => p.Probability), 3));
    }

    [Fact]
    public async Task A_request_cut_off_by_its_caller_leaves_its_queued_texts_unrun()
    {
        // Four pieces of the per-call bound, more than the gateway keeps in flight (three), so some texts wait while others run.
        const int pieces = 4;
        var texts = Enumerable.Range(0, pieces * GatewayHostFixture.RowsPerGrainCall).Select(i => $"cancel probe {i}. {LongText}").ToArray();
        var key = await _api.CreateTenantAsync("cutoff", new TenantLimits { TextsPerCall = texts.Length });
        // The backbone is loaded (and reports counters) once it has embedded something.
        await _api.Inference.EmbedAsync(new EmbedRequest { Tenant = "cutoff", Texts = { "warm up" } }, GatewayHostFixture.Bearer(key));
        // The embedded host is one silo: its replica of the backbone is the only one.
        var backbone = host.Grains.GetGrain<Grains.Abstractions.Backbones.IBackboneReplicaGrain>(
            Grains.Abstractions.Backbones.ReplicaKey.Format("minilm-l6", host.Silo));
        var before = (await backbone.Describe())!;
        // Unique texts (no cache hits) of the full window.
        using var cancel = new CancellationTokenSource();
        var call = _api.Inference.EmbedAsync(new EmbedRequest { Tenant = "cutoff", Texts = { texts }, Truncate = true },
            GatewayHostFixture.Bearer(key), cancellationToken: cancel.Token).ResponseAsync;
        await Eventually.UntilAsync(() => backbone.QueueDepth(), depth => depth > 0, TimeSpan.FromSeconds(20));
        await cancel.CancelAsync();
        var error = await Assert.ThrowsAsync<RpcException>(() => call);
        Assert.Equal(StatusCode.Cancelled, error.StatusCode);

        // The queue drains; the batcher counts the dropped entries when it next plans.
        var after = (await Eventually.UntilAsync(() => backbone.Describe(), a => a!.QueueDepth == 0 && a.Dropped > before.Dropped, TimeSpan.FromSeconds(60)))!;
        var ran = after.Sequences - before.Sequences;
        Assert.True(after.Dropped > before.Dropped, $"no queued text was dropped ({ran} of {texts.Length} ran)");
        Assert.True(ran < texts.Length, $"all {texts.Length} texts ran although the caller had gone");
    }

    [Fact]
    public async Task Training_needs_two_labels_with_enough_examples()
    {
        var key = await _api.CreateTenantAsync("eta");
        var auth = GatewayHostFixture.Bearer(key);
        await _api.Labels.SetLabelsAsync(new SetLabelsRequest { Tenant = "eta", Labels = { "crude" } }, auth);
        await _api.ImportAsync("eta", key, GatewayApi.Pairs(Reuters.Split("train", "crude").Take(10)));
        var train = new TrainRequest { Tenant = "eta" };
        var error = await GatewayApi.FailsWith(StatusCode.FailedPrecondition, () => _api.Training.TrainAsync(train, auth).ResponseAsync);
        Assert.Contains("2 labels", error.Status.Detail);

        await _api.Labels.AddLabelAsync(new AddLabelRequest { Tenant = "eta", Label = "earn" }, auth);
        await _api.ImportAsync("eta", key, GatewayApi.Pairs(Reuters.Split("train", "earn").Take(2)));
        await GatewayApi.FailsWith(StatusCode.FailedPrecondition, () => _api.Training.TrainAsync(train, auth).ResponseAsync);
        await GatewayApi.FailsWith(StatusCode.FailedPrecondition, () => _api.Inference.ClassifyAsync(new ClassifyRequest { Tenant = "eta", Texts = { "oil" } }, auth).ResponseAsync);
        Assert.Empty((await _api.Training.ListHeadsAsync(new ListHeadsRequest { Tenant = "eta" }, auth)).Heads);
    }

    [Fact]
    public async Task An_AddExamples_retried_with_its_request_id_stores_the_rows_once_and_answers_as_the_first_call()
    {
        var key = await _api.CreateTenantAsync("retrying");
        var auth = GatewayHostFixture.Bearer(key);
        await _api.Labels.SetLabelsAsync(new SetLabelsRequest { Tenant = "retrying", Labels = { "crude", "earn" } }, auth);
        var crude = Reuters.Split("train", "crude");
        AddExamplesRequest Request(string id, int from) => new() { Tenant = "retrying", RequestId = id, Examples = { crude.Skip(from).Take(2).Select(r => new Example { Text = r.Text, Label = "crude" }) }, Truncate = true };

        var first = await _api.Examples.AddExamplesAsync(Request("write-1", 0), auth);
        var retried = await _api.Examples.AddExamplesAsync(Request("write-1", 0), auth);
        Assert.Equal(first, retried);
        Assert.Equal(2, (await _api.Examples.CountExamplesAsync(new CountExamplesRequest { Tenant = "retrying" }, auth)).Total);
        await _api.Examples.AddExamplesAsync(Request("write-2", 2), auth);
        Assert.Equal(4, (await _api.Examples.CountExamplesAsync(new CountExamplesRequest { Tenant = "retrying" }, auth)).Total);

        var tooLong = await GatewayApi.FailsWith(StatusCode.InvalidArgument, () => _api.Examples.AddExamplesAsync(Request(new string('r', 65), 4), auth).ResponseAsync);
        Assert.Contains("request_id", tooLong.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(4, (await _api.Examples.CountExamplesAsync(new CountExamplesRequest { Tenant = "retrying" }, auth)).Total);
    }

    [Fact]
    public async Task Tenant_limits_answer_resource_exhausted_naming_the_limit()
    {
        var key = await _api.CreateTenantAsync("narrow", new TenantLimits { TextsPerCall = 2, MaxLabels = 2, MaxExamples = 3 });
        var auth = GatewayHostFixture.Bearer(key);
        var labels = await GatewayApi.FailsWith(StatusCode.ResourceExhausted, () => _api.Labels.SetLabelsAsync(
            new SetLabelsRequest { Tenant = "narrow", Labels = { "a", "b", "c" } }, auth).ResponseAsync);
        Assert.Contains("MaxLabels", labels.Status.Detail);
        await _api.Labels.SetLabelsAsync(new SetLabelsRequest { Tenant = "narrow", Labels = { "crude", "earn" } }, auth);
        var crude = Reuters.Split("train", "crude");
        Example E(int i) => new() { Text = crude[i].Text, Label = "crude" };
        var perCall = await GatewayApi.FailsWith(StatusCode.ResourceExhausted, () => _api.Examples.AddExamplesAsync(
            new AddExamplesRequest { Tenant = "narrow", Examples = { E(0), E(1), E(2) } }, auth).ResponseAsync);
        Assert.Contains("texts_per_call", perCall.Status.Detail);
        await _api.Examples.AddExamplesAsync(new AddExamplesRequest { Tenant = "narrow", Examples = { E(0), E(1) } }, auth);
        await GatewayApi.FailsWith(StatusCode.ResourceExhausted, () => _api.Examples.AddExamplesAsync(
            new AddExamplesRequest { Tenant = "narrow", Examples = { E(2), E(3) } }, auth).ResponseAsync);
        Assert.Equal(2, (await _api.Examples.CountExamplesAsync(new CountExamplesRequest { Tenant = "narrow" }, auth)).Total);

        var slowKey = await _api.CreateTenantAsync("slow", new TenantLimits { RequestsPerSecond = 1 });
        var statuses = new List<StatusCode>();
        for (var i = 0; i < 6; i++)
        {
            try
            {
                await _api.Labels.ListLabelsAsync(new ListLabelsRequest { Tenant = "slow" }, GatewayHostFixture.Bearer(slowKey));
                statuses.Add(StatusCode.OK);
            }
            catch (RpcException e)
            {
                statuses.Add(e.StatusCode);
                Assert.Contains("requests_per_second limit (1/s)", e.Status.Detail);
            }
        }
        Assert.Contains(StatusCode.ResourceExhausted, statuses);
    }

    [Fact]
    public async Task Tenants_are_listed_and_deleted_with_their_data()
    {
        var key = await _api.CreateTenantAsync("epsilon");
        await _api.Labels.SetLabelsAsync(new SetLabelsRequest { Tenant = "epsilon", Labels = { "crude", "earn" } }, GatewayHostFixture.Bearer(key));
        var listed = await _api.Admin.ListTenantsAsync(new ListTenantsRequest(), GatewayHostFixture.Admin);
        var summary = Assert.Single(listed.Tenants, t => t.Tenant == "epsilon");
        Assert.Equal(2, summary.Labels);
        Assert.Equal("last", summary.Recipe);

        Assert.True((await _api.Admin.DeleteTenantAsync(new DeleteTenantRequest { Tenant = "epsilon" }, GatewayHostFixture.Admin)).Deleted);
        Assert.DoesNotContain((await _api.Admin.ListTenantsAsync(new ListTenantsRequest(), GatewayHostFixture.Admin)).Tenants, t => t.Tenant == "epsilon");
        await GatewayApi.FailsWith(StatusCode.Unauthenticated, () => _api.Labels.ListLabelsAsync(new ListLabelsRequest { Tenant = "epsilon" }, GatewayHostFixture.Bearer(key)).ResponseAsync);
    }

    [Fact]
    public async Task Health_and_reflection_answer_without_keys()
    {
        var health = await new Health.HealthClient(host.Channel).CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
        var liveness = await new Health.HealthClient(host.Channel).CheckAsync(new HealthCheckRequest { Service = "liveness" });
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, liveness.Status);
        var unknown = await Assert.ThrowsAsync<RpcException>(async () => await new Health.HealthClient(host.Channel).CheckAsync(new HealthCheckRequest { Service = "no-such-service" }));
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        // Readiness counts the cluster check; liveness counts none, so a cluster outage never restarts the process.
        var mappings = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Grpc.AspNetCore.HealthChecks.GrpcHealthChecksOptions>>().Value.Services;
        var cluster = new Grpc.AspNetCore.HealthChecks.HealthCheckMapContext("cluster", []);
        var process = new Grpc.AspNetCore.HealthChecks.HealthCheckMapContext("process", []);
        Assert.True(mappings.Single(m => m.Name == "").HealthCheckPredicate!(cluster));
        Assert.Equal((false, true), (mappings.Single(m => m.Name == "liveness").HealthCheckPredicate!(cluster), mappings.Single(m => m.Name == "liveness").HealthCheckPredicate!(process)));

        using var call = new ServerReflection.ServerReflectionClient(host.Channel).ServerReflectionInfo();
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var services = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();
        foreach (var name in new[] { "llmembed.v1.Admin", "llmembed.v1.Labels", "llmembed.v1.Examples", "llmembed.v1.Training", "llmembed.v1.Inference", "grpc.health.v1.Health" })
            Assert.Contains(name, services);
    }
}
