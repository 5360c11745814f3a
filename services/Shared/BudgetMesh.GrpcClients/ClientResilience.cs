using Grpc.Core;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace BudgetMesh.GrpcClients;

/// <summary>
/// The one retry layer of a client endpoint: UNAVAILABLE only (never a caller-fault code), jittered exponential
/// backoff that never sleeps past the call's deadline, inside it a circuit breaker counting UNAVAILABLE. Polly acts on
/// <see cref="RpcException"/>: an HTTP-level resilience handler would see HTTP 200 for every gRPC status.
/// </summary>
internal static class ClientResilience
{
    public static readonly ResiliencePropertyKey<DateTime> DeadlineKey = new("budgetmesh.grpc.deadline");

    public static ResiliencePipeline Create(GrpcClientPolicy policy, TimeProvider timeProvider)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = timeProvider };
        if (policy.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = policy.MaxRetryAttempts,
                ShouldHandle = args => ValueTask.FromResult(
                    IsUnavailable(args.Outcome.Exception)
                    && args.Context.Properties.TryGetValue(DeadlineKey, out var deadline)
                    && deadline - timeProvider.GetUtcNow().UtcDateTime > MaxDelay(policy, args.AttemptNumber) + policy.RetryBaseDelay),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(
                    MaxDelay(policy, args.AttemptNumber) * (0.5 + Random.Shared.NextDouble() * 0.5)),
            });
        }
        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            FailureRatio = policy.CircuitBreakerFailureRatio,
            MinimumThroughput = policy.CircuitBreakerMinimumThroughput,
            SamplingDuration = policy.CircuitBreakerSamplingDuration,
            BreakDuration = policy.CircuitBreakerBreakDuration,
            ShouldHandle = args => ValueTask.FromResult(IsUnavailable(args.Outcome.Exception)),
        });
        return builder.Build();
    }

    /// <summary>The status a caller sees while the circuit is open.</summary>
    public static RpcException CircuitOpen(string target, BrokenCircuitException inner) =>
        new(new Status(StatusCode.Unavailable, $"The circuit to {target} is open after repeated UNAVAILABLE.", inner));

    private static TimeSpan MaxDelay(GrpcClientPolicy policy, int attempt) =>
        policy.RetryBaseDelay * Math.Pow(2, Math.Min(attempt, 10));

    private static bool IsUnavailable(Exception? exception) =>
        exception is RpcException { StatusCode: StatusCode.Unavailable };
}
