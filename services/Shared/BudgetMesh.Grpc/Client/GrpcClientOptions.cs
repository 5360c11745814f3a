using System.Net.Http;

namespace BudgetMesh.Grpc;

/// <summary>Settings of one client endpoint: address, deadline default, limits and the resilience pipeline.</summary>
public sealed class GrpcClientOptions
{
    /// <summary>The server, e.g. <c>http://intake:5101</c> (h2c) or <c>https://intake:5101</c> (TLS).</summary>
    public Uri? Address { get; set; }

    /// <summary>The deadline of a call whose <see cref="CallOptions"/> set none: no call runs unbounded.</summary>
    public TimeSpan DefaultDeadline { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest response message accepted; larger ones fail with RESOURCE_EXHAUSTED.</summary>
    public int MaxReceiveMessageSize { get; set; } = Protocol.GrpcProtocol.DefaultMaxReceiveMessageSize;

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

    /// <summary>Adjusts the HTTP/2 handler, e.g. TLS certificate validation for a private CA.</summary>
    public Action<SocketsHttpHandler>? ConfigureHandler { get; set; }
}

/// <summary>Per-call settings.</summary>
public sealed class CallOptions
{
    /// <summary>Request metadata.</summary>
    public Metadata? Headers { get; init; }

    /// <summary>Time allowed for the call; with <see cref="Deadline"/> the earlier one wins.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Absolute deadline (UTC), e.g. a server handler's <see cref="ServerCallContext.Deadline"/> passed on.</summary>
    public DateTime? Deadline { get; init; }

    /// <summary>Cancels the call (CANCELLED).</summary>
    public CancellationToken CancellationToken { get; init; }

    /// <summary>Gzip-compress request messages.</summary>
    public bool CompressRequest { get; init; }
}
