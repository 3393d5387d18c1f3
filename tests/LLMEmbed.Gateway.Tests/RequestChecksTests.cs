using Grpc.Core;
using LLMEmbed.Gateway.Limits;
using LLMEmbed.Gateway.Security;
using LLMEmbed.Gateway.Services;
using LLMEmbed.Grains.Abstractions.Errors;
using LLMEmbed.Grains.Abstractions.Tenants;
using LimitExceededException = LLMEmbed.Grains.Abstractions.Errors.LimitExceededException;
using Api = LLMEmbed.Protos.V1;

namespace LLMEmbed.Gateway.Tests;

/// <summary>Checks made before any grain call, the import error shape, and request plumbing.</summary>
public sealed class RequestChecksTests
{
    private static readonly TenantLimits Limits = new(10, 3, 100, 5);

    private static readonly TenantInfo Tenant = new("t", "llmembed", 2, 0, 0, DateTimeOffset.UnixEpoch, Limits, false, TextsPerGrainCall: 8, MaxTokensPerText: 512);

    [Fact]
    public void Texts_over_the_per_call_limit_name_the_limit()
    {
        var error = Assert.Throws<LimitExceededException>(() => RequestLimits.CheckTexts(["a", "b", "c", "d"], Tenant, truncate: false));
        Assert.Equal("texts_per_call", error.Limit);
        Assert.Contains("texts_per_call limit (3) exceeded", error.Message);
    }

    [Fact]
    public void Empty_and_blank_texts_name_their_index()
    {
        Assert.Equal("texts", Assert.Throws<InvalidRequestException>(() => RequestLimits.CheckTexts([], Tenant, false)).Field);
        Assert.Equal("texts[1]", Assert.Throws<InvalidRequestException>(() => RequestLimits.CheckTexts(["ok", "  "], Tenant, false)).Field);
        Assert.Equal(["ok", "fine"], RequestLimits.CheckTexts(["ok", "fine"], Tenant, false).Texts);
    }

    [Fact]
    public void A_text_over_the_character_limit_names_both_limits_without_truncate()
    {
        var huge = new string('a', 100_000);
        var error = Assert.Throws<InvalidRequestException>(() => RequestLimits.CheckTexts(["ok", huge], Tenant, truncate: false));
        Assert.Equal("texts[1]", error.Field);
        Assert.Contains("100000 characters, over the limit of 65536 characters", error.Message);
        Assert.Contains("512 tokens", error.Message);
    }

    [Fact]
    public void A_text_over_the_character_limit_is_cut_before_tokenizing_with_truncate()
    {
        var (texts, cut) = RequestLimits.CheckTexts(["ok", new string('a', 100_000)], Tenant, truncate: true);
        Assert.Equal(65_536, texts[1].Length);
        Assert.Equal([false, true], cut);
        Assert.Equal("ok", texts[0]);
    }

    [Fact]
    public void Import_errors_name_the_file_line_once_with_the_resume_line()
    {
        var grainError = new InvalidRequestException("examples[4].label: unknown label 'zzz'.", "examples[4].label");
        Assert.Equal(4, ImportFailure.ExampleIndex(grainError));
        var rpc = Assert.IsType<RpcException>(ImportFailure.At(grainError, row: 105, line: 107, committed: 100, resumeLine: 103, resumable: true));
        Assert.Equal(StatusCode.InvalidArgument, rpc.StatusCode);
        Assert.StartsWith("line 107: label: unknown label 'zzz'. Import stopped: 100 rows are committed; resume from line 103", rpc.Status.Detail);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(rpc.Status.Detail, "line 107"));
        Assert.DoesNotContain("examples[", rpc.Status.Detail);
        Assert.Equal("105", rpc.Trailers.GetValue(ImportFailure.RowTrailer));
        Assert.Equal("100", rpc.Trailers.GetValue(ImportFailure.CommittedTrailer));
        Assert.Equal("103", rpc.Trailers.GetValue(ImportFailure.ResumeLineTrailer));
    }

    [Fact]
    public void A_piece_error_is_renamed_to_its_index_in_the_request()
    {
        var moved = ImportFailure.Shift(new InvalidRequestException("examples[2].label: unknown label 'x'.", "examples[2].label"), 16);
        Assert.Equal("examples[18].label", moved.Field);
        Assert.StartsWith("examples[18].label:", moved.Message);
    }

    [Fact]
    public void Import_limit_errors_keep_their_status()
    {
        var error = ImportFailure.At(new LimitExceededException("max_examples limit (100) exceeded", "max_examples"), 101, null, 100, null, false);
        var rpc = Assert.IsType<RpcException>(error);
        Assert.Equal(StatusCode.ResourceExhausted, rpc.StatusCode);
        Assert.StartsWith("row 101: ", rpc.Status.Detail);
        Assert.Contains("resume after row 100.", rpc.Status.Detail);
    }

    [Fact]
    public void Unexpected_import_errors_stay_unmapped_for_the_error_interceptor()
    {
        var bug = new InvalidOperationException("bug");
        Assert.Same(bug, ImportFailure.At(bug, 3, null, 0, null, false));
    }

    [Fact]
    public void Pieces_cover_the_request_in_order()
    {
        Assert.Equal([(0, 8), (8, 8), (16, 4)], RequestPieces.Split(20, 8));
        Assert.Empty(RequestPieces.Split(0, 8));
    }

    [Fact]
    public async Task Pieces_run_at_most_a_few_at_once_and_answer_in_order()
    {
        var running = 0;
        var peak = 0;
        var results = await RequestPieces.MapAsync(50, 7, async (start, count, ct) =>
        {
            peak = Math.Max(peak, Interlocked.Increment(ref running));
            await Task.Yield(); // lets other pieces start while this one counts as running
            Interlocked.Decrement(ref running);
            return Enumerable.Range(start, count).ToArray();
        }, CancellationToken.None);
        Assert.Equal(Enumerable.Range(0, 50), results.SelectMany(r => r));
        Assert.InRange(peak, 1, RequestPieces.InFlight);
    }

    [Fact]
    public void Zero_limits_take_gateway_defaults_and_negative_ones_are_rejected()
    {
        var defaults = new GatewayLimitOptions { RequestsPerSecond = 50, TextsPerCall = 64, MaxExamples = 1000, MaxLabels = 20 };
        var resolved = AdminService.Resolve(new Api.TenantLimits { TextsPerCall = 8 }, defaults);
        Assert.Equal(new TenantLimits(50, 8, 1000, 20), resolved);
        Assert.Equal(defaults.ToLimits(), AdminService.Resolve(null, defaults));
        var error = Assert.Throws<InvalidRequestException>(() => AdminService.Resolve(new Api.TenantLimits { MaxLabels = -1 }, defaults));
        Assert.Equal("limits.max_labels", error.Field);
    }

    [Fact]
    public void The_tenant_is_read_from_any_request_message()
    {
        Assert.Equal("acme", AuthInterceptor.TenantOf(new Api.ClassifyRequest { Tenant = "acme" }));
        Assert.Equal("b", AuthInterceptor.TenantOf(new Api.ImportExamplesRequest { Tenant = "b" }));
        Assert.Throws<InvalidOperationException>(() => AuthInterceptor.TenantOf(new Api.ListTenantsRequest()));
    }

    [Fact]
    public void Bearer_tokens_are_read_from_the_authorization_header()
    {
        Assert.Equal("lle_a.x", BearerToken.From(new Metadata { { "authorization", "Bearer lle_a.x" } }));
        Assert.Equal("k", BearerToken.From(new Metadata { { "authorization", "bearer  k " } }));
        Assert.Null(BearerToken.From(new Metadata { { "authorization", "Basic abc" } }));
        Assert.Null(BearerToken.From(new Metadata()));
    }
}
