using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace BudgetMesh.Grpc.Client;

/// <summary>
/// The one retry layer of a client endpoint: UNAVAILABLE only (never a caller-fault code), jittered exponential
/// backoff that never sleeps past the call's deadline, inside it a circuit breaker counting UNAVAILABLE.
/// </summary>
internal static class ClientResilience
{
    public static readonly ResiliencePropertyKey<DateTime> DeadlineKey = new("budgetmesh.grpc.deadline");

    public static ResiliencePipeline Create(GrpcClientOptions options, TimeProvider timeProvider)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = timeProvider };
        if (options.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetryAttempts,
                ShouldHandle = args => ValueTask.FromResult(
                    IsUnavailable(args.Outcome.Exception)
                    && args.Context.Properties.TryGetValue(DeadlineKey, out var deadline)
                    && deadline - timeProvider.GetUtcNow().UtcDateTime > MaxDelay(options, args.AttemptNumber) + options.RetryBaseDelay),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(
                    MaxDelay(options, args.AttemptNumber) * (0.5 + Random.Shared.NextDouble() * 0.5)),
            });
        }
        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            FailureRatio = options.CircuitBreakerFailureRatio,
            MinimumThroughput = options.CircuitBreakerMinimumThroughput,
            SamplingDuration = options.CircuitBreakerSamplingDuration,
            BreakDuration = options.CircuitBreakerBreakDuration,
            ShouldHandle = args => ValueTask.FromResult(IsUnavailable(args.Outcome.Exception)),
        });
        return builder.Build();
    }

    private static TimeSpan MaxDelay(GrpcClientOptions options, int attempt) =>
        options.RetryBaseDelay * Math.Pow(2, Math.Min(attempt, 10));

    private static bool IsUnavailable(Exception? exception) =>
        exception is GrpcStatusException { StatusCode: StatusCode.Unavailable };
}
