using System.Net;
using BudgetMesh.ServiceDefaults.Hosting;
using Grpc.AspNetCore.HealthChecks;
using Grpc.AspNetCore.Server;
using Grpc.AspNetCore.Server.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BudgetMesh.ServiceDefaults.Grpc;

/// <summary>How every BudgetMesh service serves gRPC (its peers it calls through <see cref="GrpcPeerExtensions"/>).</summary>
public static class GrpcHostingExtensions
{
    /// <summary>
    /// The port a service listens on: HTTP/2 with prior knowledge only, so gRPC health is the probe to use
    /// (the /health endpoints answer there too, to HTTP/2 clients such as `curl --http2-prior-knowledge`). 0 picks a free one.
    /// </summary>
    public const string PortVariable = "BUDGETMESH_PORT";

    /// <summary>Address a service listens on; loopback unless a deployment says otherwise.</summary>
    public const string BindVariable = "BUDGETMESH_BIND";

    /// <summary>
    /// Serves gRPC (grpc-dotnet) over h2c (over TLS with BUDGETMESH_TLS_CERT_FILE/KEY_FILE, see <see cref="ServiceEndpoints"/>) on <c>BUDGETMESH_PORT</c> (or <paramref name="defaultPort"/>) with:
    /// <see cref="CallerPolicyInterceptor"/> on every rpc (an rpc that does not declare its callers is refused),
    /// <paramref name="maxReceiveMessageSize"/> as the largest request (a service may raise it for one of its services
    /// with <c>AddServiceOptions</c>), the standard health service reporting SERVING only while the service's readiness
    /// checks (database, broker: those tagged ready) pass, and reflection v1 and v1alpha. Map services with
    /// <see cref="GrpcServiceMapping.MapRpcService{TService}"/>.
    /// </summary>
    public static WebApplicationBuilder AddGrpcServer(this WebApplicationBuilder builder, int defaultPort, int maxReceiveMessageSize = DefaultMaxReceiveMessageSize)
    {
        var port = int.TryParse(builder.Configuration[PortVariable], out var configured) ? configured : defaultPort;
        var bind = IPAddress.TryParse(builder.Configuration[BindVariable], out var address) ? address : IPAddress.Loopback;
        builder.ListenAsService(bind, port, HttpProtocols.Http2);
        builder.Services.AddGrpc(options =>
        {
            options.MaxReceiveMessageSize = maxReceiveMessageSize;
            options.EnableDetailedErrors = false;
            options.Interceptors.Add<CallerPolicyInterceptor>();
        });
        builder.Services.TryAddSingleton<CallerPolicyInterceptor>();
        builder.Services.TryAddEnumerable(Microsoft.Extensions.DependencyInjection.ServiceDescriptor.Transient<IStartupFilter, UnreadableRequestStatus>());
        builder.Services.TryAddSingleton<ServedGrpcServices>();
        builder.Services.AddGrpcReflection();

        // Health asks the readiness checks on every Check (no cached answer that lags a failed database); Watch
        // follows the health-check publisher, which runs them every few seconds.
        // Health of a service with no database or broker is that it serves: with no ready check at all, grpc-dotnet
        // would answer UNKNOWN.
        builder.Services.AddHealthChecks().AddCheck(ServingCheck, () => HealthCheckResult.Healthy("serving gRPC"), tags: [ServiceDefaultsExtensions.ReadyTag]);
        builder.Services.AddGrpcHealthChecks(options =>
        {
            options.UseHealthChecksCache = false;
            options.Services.Clear();
            options.Services.Map(string.Empty, IsReadiness);
            // Kubernetes' liveness probe (deploy/k8s): the process serves, whatever its database or broker say, so an
            // outage of either takes replicas out of their Service without restarting them all.
            options.Services.Map(LivenessService, check => check.Name == ServingCheck);
        });
        builder.Services.AddOptions<GrpcHealthChecksOptions>().Configure<ServedGrpcServices>((options, served) =>
        {
            foreach (var name in served.Names)
            {
                options.Services.Map(name, IsReadiness);
            }
        });
        builder.Services.Configure<HealthCheckPublisherOptions>(options =>
        {
            options.Delay = TimeSpan.Zero;
            options.Period = TimeSpan.FromSeconds(5);
        });
        GuardMalformedRequests(builder.Services);
        return builder;
    }

    /// <summary>
    /// Options for one service (e.g. a larger request limit), without bringing back grpc-dotnet's own binder as a
    /// second <c>AddGrpc()</c> would: use this, never <c>Services.AddGrpc().AddServiceOptions</c>.
    /// </summary>
    public static WebApplicationBuilder AddGrpcServiceOptions<TService>(this WebApplicationBuilder builder, Action<GrpcServiceOptions<TService>> configure)
        where TService : class
    {
        builder.Services.AddGrpc().AddServiceOptions(configure);
        GuardMalformedRequests(builder.Services);
        return builder;
    }

    // Every AddGrpc() registers grpc-dotnet's own binder again; replace it, so that services are bound with a request
    // decoder that answers a malformed request INVALID_ARGUMENT, not UNKNOWN (see MalformedRequestGuard).
    private static void GuardMalformedRequests(IServiceCollection services)
    {
        services.RemoveAll(typeof(IServiceMethodProvider<>));
        services.TryAddEnumerable(Microsoft.Extensions.DependencyInjection.ServiceDescriptor.Singleton(
            typeof(IServiceMethodProvider<>), typeof(MalformedRequestGuard<>)));
    }

    /// <summary>The largest request message a service accepts unless it says otherwise (gRPC's usual 4 MiB).</summary>
    public const int DefaultMaxReceiveMessageSize = 4 * 1024 * 1024;

    /// <summary>The health service name that says only that the process serves gRPC (Kubernetes' liveness probe).</summary>
    public const string LivenessService = "liveness";

    private const string ServingCheck = "grpc";

    private static bool IsReadiness(HealthCheckMapContext check) => check.Tags.Contains(ServiceDefaultsExtensions.ReadyTag);

    /// <summary>The address the started application listens on (useful when the port was 0).</summary>
    public static Uri GrpcAddress(this WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
            ?? throw new InvalidOperationException("The server has not started.");
        var first = addresses.FirstOrDefault() ?? throw new InvalidOperationException("The server listens nowhere.");
        return new Uri(first.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal));
    }
}
