using Google.Rpc;
using Grpc.Core;
using LLMEmbed.Gateway.Errors;
using LLMEmbed.Grains.Abstractions.Backbones;
using LLMEmbed.Grains.Abstractions.Errors;
using LimitExceededException = LLMEmbed.Grains.Abstractions.Errors.LimitExceededException;

namespace LLMEmbed.Gateway.Tests;

public sealed class ErrorStatusMapperTests
{
    public static TheoryData<Exception, StatusCode> Table => new()
    {
        { new NotFoundException("tenant \"x\" not found"), StatusCode.NotFound },
        { new InvalidRequestException("texts[0] is empty.", "texts[0]"), StatusCode.InvalidArgument },
        { new PreconditionFailedException("need 2 labels"), StatusCode.FailedPrecondition },
        { new LimitExceededException("max_labels limit (3) exceeded", "max_labels"), StatusCode.ResourceExhausted },
        { new AlreadyExistsException("tenant exists"), StatusCode.AlreadyExists },
        { new BackboneOverloadedGrainException("minilm-l6", 8, "full"), StatusCode.ResourceExhausted },
        { new NoBackboneReplicaException("minilm-l6", "no host"), StatusCode.Unavailable },
        { new Orleans.Runtime.SiloUnavailableException("silo S127.0.0.1:11111 is dead"), StatusCode.Unavailable },
        { new OperationCanceledException(), StatusCode.Cancelled },
        { new RpcException(new Grpc.Core.Status(StatusCode.PermissionDenied, "no")), StatusCode.PermissionDenied },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Maps_each_domain_error_to_its_status(Exception error, StatusCode expected)
    {
        var mapped = ErrorStatusMapper.TryMap(error);
        Assert.NotNull(mapped);
        Assert.Equal(expected, mapped.StatusCode);
    }

    [Fact]
    public void Domain_messages_reach_the_client()
    {
        var mapped = ErrorStatusMapper.TryMap(new PreconditionFailedException("label 'acq' has 1 example; at least 5 are needed"))!;
        Assert.Equal("label 'acq' has 1 example; at least 5 are needed", mapped.Status.Detail);
    }

    [Fact]
    public void Unexpected_errors_are_not_mapped_and_internal_hides_their_text()
    {
        Assert.Null(ErrorStatusMapper.TryMap(new NullReferenceException("secret detail")));
        var internalError = ErrorStatusMapper.Internal("abc123");
        Assert.Equal(StatusCode.Internal, internalError.StatusCode);
        Assert.Contains("abc123", internalError.Status.Detail);
        Assert.DoesNotContain("secret", internalError.Status.Detail);
    }

    [Fact]
    public void Invalid_argument_carries_a_bad_request_field_violation()
    {
        var mapped = ErrorStatusMapper.TryMap(new InvalidRequestException("label \"zzz\" is unknown.", "examples[2].label"))!;
        var status = mapped.GetRpcStatus();
        Assert.NotNull(status);
        var badRequest = status.GetDetail<BadRequest>();
        Assert.NotNull(badRequest);
        Assert.Equal("examples[2].label", Assert.Single(badRequest.FieldViolations).Field);
    }

    [Fact]
    public void Limit_errors_name_the_limit_in_a_trailer()
    {
        var mapped = ErrorStatusMapper.TryMap(new LimitExceededException("texts_per_call limit (4) exceeded", "texts_per_call"))!;
        Assert.Equal("texts_per_call", mapped.Trailers.GetValue(ErrorStatusMapper.LimitTrailer));
        Assert.Contains("texts_per_call", mapped.Status.Detail);
        Assert.Null(mapped.Trailers.GetValue(ErrorStatusMapper.RetryAfterTrailer)); // waiting does not pass a size limit
    }

    [Fact]
    public void Limits_that_pass_with_time_say_when_to_retry_in_whole_seconds()
    {
        var rate = ErrorStatusMapper.TryMap(new LimitExceededException("requests_per_second limit (200/s) exceeded", "requests_per_second", TimeSpan.FromMilliseconds(5)))!;
        Assert.Equal("1", rate.Trailers.GetValue(ErrorStatusMapper.RetryAfterTrailer));
        var slow = ErrorStatusMapper.TryMap(new LimitExceededException("requests_per_second limit exceeded", "requests_per_second", TimeSpan.FromSeconds(2.2)))!;
        Assert.Equal("3", slow.Trailers.GetValue(ErrorStatusMapper.RetryAfterTrailer));
        var queue = ErrorStatusMapper.TryMap(new BackboneOverloadedGrainException("minilm-l6", 8, "full"))!;
        Assert.Equal(("backbone_queue", "1"), (queue.Trailers.GetValue(ErrorStatusMapper.LimitTrailer), queue.Trailers.GetValue(ErrorStatusMapper.RetryAfterTrailer)));
    }
}
