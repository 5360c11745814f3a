namespace BudgetMesh.GrpcClients;

/// <summary>
/// The project's call policy for one client endpoint: a deadline on every call, UNAVAILABLE (and only UNAVAILABLE)
/// retried with jittered exponential backoff that never sleeps past the call's deadline, and a circuit breaker
/// counting UNAVAILABLE so that a peer that is down is failed fast instead of waited for.
/// </summary>
public sealed class GrpcClientPolicy
{
    /// <summary>The deadline of a call whose caller set none: no call runs unbounded.</summary>
    public TimeSpan DefaultDeadline { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries of UNAVAILABLE, within the call's deadline; 0 disables retries.</summary>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>First retry delay; doubles per attempt, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Share of UNAVAILABLE outcomes in <see cref="CircuitBreakerSamplingDuration"/> that opens the circuit.</summary>
    public double CircuitBreakerFailureRatio { get; set; } = 0.5;

    /// <summary>Calls needed in the sampling window before the circuit may open (at least 2).</summary>
    public int CircuitBreakerMinimumThroughput { get; set; } = 20;

    /// <summary>The window in which outcomes are counted (at least 0.5 s).</summary>
    public TimeSpan CircuitBreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an open circuit fails calls fast with UNAVAILABLE (at least 0.5 s).</summary>
    public TimeSpan CircuitBreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A person at a command line: every call goes out once, so that a service that is down is reported at once.
    /// </summary>
    public static GrpcClientPolicy Interactive() => new() { MaxRetryAttempts = 0 };
}
