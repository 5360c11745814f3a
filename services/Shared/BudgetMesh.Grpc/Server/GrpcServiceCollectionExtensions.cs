using BudgetMesh.Grpc.Health;
using BudgetMesh.Grpc.Reflection;
using BudgetMesh.Grpc.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BudgetMesh.Grpc;

/// <summary>Registers the gRPC server and clients.</summary>
public static class GrpcServiceCollectionExtensions
{
    /// <summary>Adds the gRPC server side: dispatcher, health and reflection. Map services with <c>MapGrpcService</c>.</summary>
    public static IServiceCollection AddBudgetMeshGrpc(this IServiceCollection services, Action<GrpcServerOptions>? configure = null)
    {
        services.AddRouting();
        services.AddOptions<GrpcServerOptions>();
        if (configure is not null)
        {
            services.Configure(configure);
        }
        services.TryAddSingleton<GrpcServiceRegistry>();
        services.TryAddSingleton<ServerCallDispatcher>();
        services.TryAddSingleton<HealthEvaluator>();
        services.TryAddSingleton<HealthGrpcService>();
        services.TryAddSingleton<ReflectionIndex>();
        services.TryAddSingleton<ReflectionV1GrpcService>();
        services.TryAddSingleton<ReflectionV1AlphaGrpcService>();
        return services;
    }

    /// <summary>
    /// Adds a readiness probe (e.g. "database and broker reachable") to grpc.health.v1.Health for one service name,
    /// or for all with <c>""</c>. A service is SERVING only while all its probes return true.
    /// </summary>
    public static IServiceCollection AddGrpcReadinessCheck(this IServiceCollection services, string serviceName,
        Func<IServiceProvider, CancellationToken, Task<bool>> probe)
    {
        ArgumentNullException.ThrowIfNull(serviceName);
        ArgumentNullException.ThrowIfNull(probe);
        services.AddSingleton(new ReadinessCheck(serviceName, probe));
        return services;
    }

    /// <inheritdoc cref="AddGrpcReadinessCheck(IServiceCollection, string, Func{IServiceProvider, CancellationToken, Task{bool}})"/>
    public static IServiceCollection AddGrpcReadinessCheck(this IServiceCollection services, string serviceName, Func<CancellationToken, Task<bool>> probe) =>
        services.AddGrpcReadinessCheck(serviceName, (_, cancellationToken) => probe(cancellationToken));

    /// <summary>Adds a named client endpoint; resolve it with <see cref="IGrpcClientFactory.GetClient"/>.</summary>
    public static IServiceCollection AddGrpcClient(this IServiceCollection services, string name, Action<GrpcClientOptions> configure)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        services.AddOptions<GrpcClientOptions>(name).Configure(configure);
        services.TryAddSingleton<IGrpcClientFactory, GrpcClientFactory>();
        return services;
    }
}
