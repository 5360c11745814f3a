using BudgetMesh.Grpc.Health;
using BudgetMesh.Grpc.Reflection;
using BudgetMesh.Grpc.Server;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace BudgetMesh.Grpc;

/// <summary>Maps gRPC services onto ASP.NET Core endpoints.</summary>
public static class GrpcEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Serves the rpcs of <paramref name="service"/> (from protoc, e.g. <c>IntakeReflection.Descriptor.Services[0]</c>)
    /// with the same-named public methods of <typeparamref name="TService"/>. The class is resolved from DI when
    /// registered, otherwise created per call. The first call also maps health, reflection and the UNIMPLEMENTED fallback.
    /// </summary>
    public static IEndpointConventionBuilder MapGrpcService<TService>(this IEndpointRouteBuilder endpoints, ServiceDescriptor service,
        Action<GrpcServiceOptions>? configure = null)
        where TService : class
    {
        ArgumentNullException.ThrowIfNull(service);
        var registry = endpoints.ServiceProvider.GetService<GrpcServiceRegistry>()
            ?? throw new InvalidOperationException("Call builder.Services.AddBudgetMeshGrpc() before MapGrpcService.");
        if (!registry.StandardServicesMapped)
        {
            registry.StandardServicesMapped = true;
            MapService<HealthGrpcService>(endpoints, registry, Health.V1.HealthReflection.Descriptor.Services[0], null);
            MapService<ReflectionV1GrpcService>(endpoints, registry, Reflection.V1.ReflectionReflection.Descriptor.Services[0], null);
            MapService<ReflectionV1AlphaGrpcService>(endpoints, registry, Reflection.V1Alpha.ReflectionReflection.Descriptor.Services[0], null);
            var dispatcher = endpoints.ServiceProvider.GetRequiredService<ServerCallDispatcher>();
            endpoints.MapPost("/{service}/{method}", (HttpContext http) => Unimplemented(http, dispatcher))
                .WithOrder(int.MaxValue)
                .WithDisplayName("gRPC unimplemented");
        }
        return MapService<TService>(endpoints, registry, service, configure);
    }

    private static Task Unimplemented(HttpContext http, ServerCallDispatcher dispatcher)
    {
        // Other HTTP endpoints may share this server: only gRPC requests get a gRPC answer.
        if (!Protocol.GrpcProtocol.IsGrpcContentType(http.Request.ContentType))
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }
        return dispatcher.DispatchAsync(http, null, null, null);
    }

    private static IEndpointConventionBuilder MapService<TService>(IEndpointRouteBuilder endpoints, GrpcServiceRegistry registry,
        ServiceDescriptor service, Action<GrpcServiceOptions>? configure)
        where TService : class
    {
        var options = new GrpcServiceOptions();
        configure?.Invoke(options);
        registry.Add(service);
        var dispatcher = endpoints.ServiceProvider.GetRequiredService<ServerCallDispatcher>();
        var factory = ActivatorUtilities.CreateFactory<TService>([]);
        Func<IServiceProvider, (object, bool)> activate = services =>
            services.GetService<TService>() is { } registered ? (registered, false) : (factory(services, null), true);

        var builders = new List<IEndpointConventionBuilder>();
        foreach (var (method, invoker) in ServiceBinder.Bind(typeof(TService), service))
        {
            // Every verb reaches the dispatcher so that a non-POST gets a gRPC-shaped 405, not a bare one.
            builders.Add(endpoints.Map($"/{service.FullName}/{method.Name}",
                    (HttpContext http) => dispatcher.DispatchAsync(http, invoker, activate, options.MaxReceiveMessageSize))
                .WithDisplayName($"gRPC {service.FullName}/{method.Name}"));
        }
        return new CompositeConventionBuilder(builders);
    }

    private sealed class CompositeConventionBuilder(List<IEndpointConventionBuilder> builders) : IEndpointConventionBuilder
    {
        public void Add(Action<EndpointBuilder> convention)
        {
            foreach (var builder in builders)
            {
                builder.Add(convention);
            }
        }

        public void Finally(Action<EndpointBuilder> finallyConvention)
        {
            foreach (var builder in builders)
            {
                builder.Finally(finallyConvention);
            }
        }
    }
}
