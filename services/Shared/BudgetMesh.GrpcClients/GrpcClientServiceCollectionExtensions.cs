using System.Collections.Concurrent;
using Grpc.Net.ClientFactory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BudgetMesh.GrpcClients;

/// <summary>Typed clients from the grpc-dotnet client factory, with the project's policy.</summary>
public static class GrpcClientServiceCollectionExtensions
{
    /// <summary>
    /// Registers <typeparamref name="TClient"/> (a generated <c>…Client</c>) with <c>AddGrpcClient</c>, calling
    /// <paramref name="address"/> under <paramref name="policy"/>. Every client of one <paramref name="peer"/> shares one
    /// circuit breaker, so that a peer that is down is failed fast whichever of its services is called.
    /// </summary>
    public static IHttpClientBuilder AddGrpcPeerClient<TClient>(this IServiceCollection services, string peer, Uri address, GrpcClientPolicy? policy = null)
        where TClient : class
    {
        ArgumentNullException.ThrowIfNull(address);
        return services.AddGrpcPeerClient<TClient>(peer, PeerAddress.Single(address), policy);
    }

    /// <summary>
    /// Registers <typeparamref name="TClient"/> calling <paramref name="address"/>: one server or, balanced round-robin,
    /// several replicas of one service (see <see cref="PeerAddress"/>).
    /// </summary>
    public static IHttpClientBuilder AddGrpcPeerClient<TClient>(this IServiceCollection services, string peer, PeerAddress address, GrpcClientPolicy? policy = null)
        where TClient : class
    {
        ArgumentException.ThrowIfNullOrEmpty(peer);
        ArgumentNullException.ThrowIfNull(address);
        services.TryAddSingleton<PeerPolicies>();
        return services.AddGrpcClient<TClient>(options => options.Address = address.ChannelTarget)
            .ConfigurePrimaryHttpMessageHandler(GrpcPeerHandler.Create)
            .ConfigureChannel(address.ConfigureChannel)
            .AddInterceptor(InterceptorScope.Channel, provider => provider.GetRequiredService<PeerPolicies>().For(peer, address, policy ?? new GrpcClientPolicy()));
    }

    /// <summary>One interceptor (so one pipeline and circuit) per peer, for the life of the process.</summary>
    private sealed class PeerPolicies
    {
        private readonly ConcurrentDictionary<string, Lazy<PolicyInterceptor>> _byPeer = new(StringComparer.Ordinal);

        public PolicyInterceptor For(string peer, PeerAddress address, GrpcClientPolicy policy) =>
            _byPeer.GetOrAdd(peer, _ => new Lazy<PolicyInterceptor>(() =>
                new PolicyInterceptor(policy, ClientResilience.Create(policy, TimeProvider.System), $"{peer} ({address})"))).Value;
    }
}
