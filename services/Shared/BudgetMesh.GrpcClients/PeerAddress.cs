using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Balancer;
using Grpc.Net.Client.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BudgetMesh.GrpcClients;

/// <summary>
/// Where a peer service is: one address, or the addresses of its replicas. The one place that reads a peer setting
/// (a <c>BUDGETMESH_&lt;PEER&gt;_URL</c> value, a CLI flag): comma-separated http:// (h2c) or https:// URLs, all of one
/// scheme. Calls to several replicas are balanced round-robin by grpc-dotnet's client-side load balancing over a
/// static resolver; a replica that does not answer drops out of the rotation (its subchannel is in
/// TRANSIENT_FAILURE) until it answers again.
/// </summary>
public sealed class PeerAddress
{
    /// <summary>The longest a replica that went away waits between reconnection attempts (gRPC's default is 120 s).</summary>
    internal static readonly TimeSpan MaxReconnectBackoff = TimeSpan.FromSeconds(5);

    private readonly Lazy<ServiceProvider> _resolvers;

    private PeerAddress(IReadOnlyList<Uri> replicas)
    {
        Replicas = replicas;
        // One provider for every channel made to this peer (the client factory makes a new one per handler lifetime).
        _resolvers = new Lazy<ServiceProvider>(() =>
        {
            var endpoints = replicas.Select(r => new BalancerAddress(r.Host, r.Port)).ToArray();
            return new ServiceCollection().AddSingleton<ResolverFactory>(new StaticResolverFactory(_ => endpoints)).BuildServiceProvider();
        });
    }

    /// <summary>Every replica's address, in the order given.</summary>
    public IReadOnlyList<Uri> Replicas { get; }

    /// <summary>Whether calls are balanced across several replicas.</summary>
    public bool IsBalanced => Replicas.Count > 1;

    /// <summary>A peer with one address.</summary>
    public static PeerAddress Single(Uri address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return TryParse(address.OriginalString, out var peer, out var error)
            ? peer
            : throw new ArgumentException(error, nameof(address));
    }

    /// <summary>Reads a peer setting; the exception names <paramref name="setting"/> and the reason.</summary>
    public static PeerAddress Parse(string? value, string setting) =>
        TryParse(value, out var peer, out var error)
            ? peer
            : throw new FormatException($"{setting}: {error}");

    /// <summary>Reads a peer setting; on failure <paramref name="error"/> says why (in English, for logs and messages).</summary>
    public static bool TryParse(string? value, out PeerAddress peer, out string error)
    {
        peer = null!;
        if (string.IsNullOrWhiteSpace(value))
        {
            error = "no address given.";
            return false;
        }

        var replicas = new List<Uri>();
        foreach (var part in value.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(part, UriKind.Absolute, out var address) || address.Scheme is not ("http" or "https")
                || address.AbsolutePath != "/" || address.Query.Length > 0)
            {
                error = $"'{part}' is not an http:// or https:// address of a server (comma-separated for several replicas).";
                return false;
            }

            if (replicas.Count > 0 && address.Scheme != replicas[0].Scheme)
            {
                error = $"the replicas mix http:// and https:// ('{replicas[0]}', '{address}').";
                return false;
            }

            if (replicas.Any(r => r.Host == address.Host && r.Port == address.Port))
            {
                error = $"'{part}' is given twice.";
                return false;
            }

            replicas.Add(address);
        }

        peer = new PeerAddress(replicas);
        error = string.Empty;
        return true;
    }

    /// <summary>The replicas, comma-separated (what <see cref="Parse"/> reads back).</summary>
    public override string ToString() => string.Join(',', Replicas.Select(r => r.GetLeftPart(UriPartial.Authority)));

    /// <summary>What the channel is created for: the address itself, or the static resolver's target.</summary>
    internal Uri ChannelTarget => IsBalanced ? new Uri("static:///budgetmesh-peer") : Replicas[0];

    /// <summary>
    /// For several replicas: the static resolver in the channel's own service provider, round-robin, and transport
    /// credentials, which a channel to a resolver target cannot infer from a scheme. One address: nothing changes.
    /// </summary>
    internal void ConfigureChannel(GrpcChannelOptions options)
    {
        if (!IsBalanced)
        {
            return;
        }

        options.ServiceProvider = _resolvers.Value;
        options.ServiceConfig = new ServiceConfig { LoadBalancingConfigs = { new RoundRobinConfig() } };
        options.Credentials = Replicas[0].Scheme == Uri.UriSchemeHttps ? ChannelCredentials.SecureSsl : ChannelCredentials.Insecure;
        options.MaxReconnectBackoff = MaxReconnectBackoff;
    }
}
