using BudgetMesh.GrpcClients;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BudgetMesh.ServiceDefaults.Grpc;

/// <summary>How every BudgetMesh service calls its peers: typed grpc-dotnet clients from the client factory.</summary>
public static class GrpcPeerExtensions
{
    /// <summary>
    /// Registers the generated client <typeparamref name="TClient"/> (with <c>AddGrpcClient</c>) for the peer service at
    /// <c>BUDGETMESH_&lt;NAME&gt;_URL</c> (e.g. BUDGETMESH_CLASSIFICATION_URL; replicas comma-separated), else <paramref name="defaultUrl"/>, under the
    /// project's call policy: a deadline on every call, UNAVAILABLE retried within it, one circuit breaker per peer.
    /// Inject <typeparamref name="TClient"/>, or from a singleton create it per use with the client factory.
    /// </summary>
    public static IHttpClientBuilder AddGrpcPeer<TClient>(this WebApplicationBuilder builder, string name, string defaultUrl, GrpcClientPolicy? policy = null)
        where TClient : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Services.AddGrpcPeerClient<TClient>(name, PeerAddressFrom(builder.Configuration, name, defaultUrl), policy);
    }

    /// <summary>
    /// The address of a peer: <c>BUDGETMESH_&lt;NAME&gt;_URL</c>, else <paramref name="defaultUrl"/>; several replicas
    /// comma-separated (calls are then balanced round-robin across them, see <see cref="PeerAddress"/>).
    /// </summary>
    public static PeerAddress PeerAddressFrom(IConfiguration configuration, string name, string defaultUrl)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var variable = $"BUDGETMESH_{name.ToUpperInvariant().Replace('-', '_')}_URL";
        var url = configuration[variable] is { Length: > 0 } configured ? configured : defaultUrl;
        return PeerAddress.TryParse(url, out var peer, out var error)
            ? peer
            : throw new InvalidOperationException($"{variable} must be one http:// or https:// address or several comma-separated: {error}");
    }
}
