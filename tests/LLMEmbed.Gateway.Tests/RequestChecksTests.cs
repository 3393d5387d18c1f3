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

    [Fact]
    public void Texts_over_the_per_call_limit_name_the_limit()
    {
        var error = Assert.Throws<LimitExceededException>(() => RequestLimits.CheckTexts(["a", "b", "c", "d"], Limits));
        Assert.Equal("texts_per_call", error.Limit);
        Assert.Contains("texts_per_call limit (3) exceeded", error.Message);
    }

    [Fact]
    public void Empty_and_blank_texts_name_their_index()
    {
        Assert.Equal("texts", Assert.Throws<InvalidRequestException>(() => RequestLimits.CheckTexts([], Limits)).Field);
        Assert.Equal("texts[1]", Assert.Throws<InvalidRequestException>(() => RequestLimits.CheckTexts(["ok", "  "], Limits)).Field);
        RequestLimits.CheckTexts(["ok", "fine"], Limits);
    }

    [Fact]
    public void Import_errors_from_the_grain_report_the_stream_row()
    {
        var error = ImportFailure.AtChunk(new InvalidRequestException("label \"zzz\" is unknown.", "examples[4].label"), chunkStartRow: 101, committed: 100, chunkSize: 50);
        var rpc = Assert.IsType<RpcException>(error);
        Assert.Equal(StatusCode.InvalidArgument, rpc.StatusCode);
        Assert.StartsWith("row 105: label \"zzz\" is unknown.", rpc.Status.Detail);
        Assert.Contains("100 rows before it were committed", rpc.Status.Detail);
        Assert.Equal("105", rpc.Trailers.GetValue(ImportFailure.RowTrailer));
        Assert.Equal("100", rpc.Trailers.GetValue(ImportFailure.CommittedTrailer));
    }

    [Fact]
    public void Import_limit_errors_keep_their_status()
    {
        var error = ImportFailure.AtChunk(new LimitExceededException("max_examples limit (100) exceeded", "max_examples"), 101, 100, 50);
        Assert.Equal(StatusCode.ResourceExhausted, Assert.IsType<RpcException>(error).StatusCode);
    }

    [Fact]
    public void Unexpected_import_errors_stay_unmapped_for_the_error_interceptor()
    {
        var bug = new InvalidOperationException("bug");
        Assert.Same(bug, ImportFailure.At(bug, 3, 0, 10));
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
