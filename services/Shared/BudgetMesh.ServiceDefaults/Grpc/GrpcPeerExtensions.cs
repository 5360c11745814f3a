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
    /// <c>BUDGETMESH_&lt;NAME&gt;_URL</c> (e.g. BUDGETMESH_CLASSIFICATION_URL), else <paramref name="defaultUrl"/>, under the
    /// project's call policy: a deadline on every call, UNAVAILABLE retried within it, one circuit breaker per peer.
    /// Inject <typeparamref name="TClient"/>, or from a singleton create it per use with the client factory.
    /// </summary>
    public static IHttpClientBuilder AddGrpcPeer<TClient>(this WebApplicationBuilder builder, string name, string defaultUrl, GrpcClientPolicy? policy = null)
        where TClient : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Services.AddGrpcPeerClient<TClient>(name, PeerAddress(builder.Configuration, name, defaultUrl), policy);
    }

    /// <summary>The address of a peer: <c>BUDGETMESH_&lt;NAME&gt;_URL</c>, else <paramref name="defaultUrl"/>.</summary>
    public static Uri PeerAddress(IConfiguration configuration, string name, string defaultUrl)
    {
        var variable = $"BUDGETMESH_{name.ToUpperInvariant().Replace('-', '_')}_URL";
        var url = configuration[variable] is { Length: > 0 } configured ? configured : defaultUrl;
        return Uri.TryCreate(url, UriKind.Absolute, out var address) && address.Scheme is "http" or "https"
            ? address
            : throw new InvalidOperationException($"{variable} must be an http:// or https:// address, not '{url}'.");
    }
}
