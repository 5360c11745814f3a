namespace BudgetMesh.Grpc;

/// <summary>Server-wide settings, given to <c>AddBudgetMeshGrpc</c>.</summary>
public sealed class GrpcServerOptions
{
    /// <summary>Largest request message accepted (after decompression); larger ones end with RESOURCE_EXHAUSTED.</summary>
    public int MaxReceiveMessageSize { get; set; } = Protocol.GrpcProtocol.DefaultMaxReceiveMessageSize;

    /// <summary>Send exception messages of failed handlers to clients; for development only.</summary>
    public bool EnableDetailedErrors { get; set; }

    /// <summary>How often <c>grpc.health.v1.Health/Watch</c> re-runs the readiness probes.</summary>
    public TimeSpan HealthWatchInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A readiness probe that takes longer counts as not ready.</summary>
    public TimeSpan ReadinessProbeTimeout { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>Settings of one mapped service; unset values fall back to <see cref="GrpcServerOptions"/>.</summary>
public sealed class GrpcServiceOptions
{
    /// <summary>Largest request message this service accepts.</summary>
    public int? MaxReceiveMessageSize { get; set; }
}
