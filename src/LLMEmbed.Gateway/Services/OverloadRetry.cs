using LLMEmbed.Grains.Abstractions.Backbones;
using Polly;
using Polly.Retry;

namespace LLMEmbed.Gateway.Services;

/// <summary>
/// An import is a long operation: when the backbones refuse a chunk (their queue would wait too long)
/// the chunk waits and is sent again instead of failing the import, since a refusal queues nothing.
/// Exponential back-off with jitter, each wait at most <see cref="MaxDelay"/>, at most
/// <see cref="MaxRetries"/> of them: two and a half minutes in all at the most; a cancelled import stops
/// waiting at once. Interactive calls get the refusal at once instead.
/// </summary>
internal static class OverloadRetry
{
    public const int MaxRetries = 30;
    public static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(250);
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(5);

    public static ResiliencePipeline Default { get; } = Create(TimeProvider.System);

    public static ResiliencePipeline Create(TimeProvider time) =>
        new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<BackboneOverloadedGrainException>(),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = FirstDelay,
                MaxDelay = MaxDelay,
                MaxRetryAttempts = MaxRetries,
            })
            .Build();
}
