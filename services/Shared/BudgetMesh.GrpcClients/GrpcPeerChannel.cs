using System.Net.Http;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;

namespace BudgetMesh.GrpcClients;

/// <summary>
/// One endpoint for code that makes its own clients (the CLI, tests, the bench): a <see cref="GrpcChannel"/> with the
/// project's HTTP/2 settings and a <see cref="CallInvoker"/> that applies a <see cref="GrpcClientPolicy"/>. Typed
/// clients are made on it, e.g. <c>new IntakeService.IntakeServiceClient(channel.CallInvoker)</c>. Thread-safe; keep
/// one per endpoint and dispose it with its owner.
/// </summary>
public sealed class GrpcPeerChannel : IDisposable
{
    private readonly GrpcChannel _channel;

    /// <summary>A channel to <paramref name="address"/> (http:// is h2c, https:// is TLS).</summary>
    /// <param name="address">The server.</param>
    /// <param name="policy">Deadline and retry policy; the default one when null.</param>
    /// <param name="configureHandler">Adjusts the HTTP/2 handler, e.g. TLS validation for a private CA.</param>
    /// <param name="configureChannel">Adjusts the channel, e.g. the largest response accepted.</param>
    public GrpcPeerChannel(Uri address, GrpcClientPolicy? policy = null, Action<SocketsHttpHandler>? configureHandler = null,
        Action<GrpcChannelOptions>? configureChannel = null)
        : this(PeerAddress.Single(address), policy, configureHandler, configureChannel)
    {
    }

    /// <summary>A channel to one server or, round-robin, to several replicas of one service.</summary>
    /// <param name="peer">The server or the replicas.</param>
    /// <param name="policy">Deadline and retry policy; the default one when null.</param>
    /// <param name="configureHandler">Adjusts the HTTP/2 handler, e.g. TLS validation for a private CA.</param>
    /// <param name="configureChannel">Adjusts the channel, e.g. the largest response accepted.</param>
    public GrpcPeerChannel(PeerAddress peer, GrpcClientPolicy? policy = null, Action<SocketsHttpHandler>? configureHandler = null,
        Action<GrpcChannelOptions>? configureChannel = null)
    {
        ArgumentNullException.ThrowIfNull(peer);
        Peer = peer;
        policy ??= new GrpcClientPolicy();
        var handler = GrpcPeerHandler.Create();
        configureHandler?.Invoke(handler);
        var options = new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true };
        peer.ConfigureChannel(options);
        configureChannel?.Invoke(options);
        _channel = GrpcChannel.ForAddress(peer.ChannelTarget, options);
        CallInvoker = _channel.Intercept(new PolicyInterceptor(policy, ClientResilience.Create(policy, TimeProvider.System), peer.ToString()));
    }

    /// <summary>The server, or the replicas calls are balanced across.</summary>
    public PeerAddress Peer { get; }

    /// <summary>The server (the first replica when there are several).</summary>
    public Uri Address => Peer.Replicas[0];

    /// <summary>Calls through the policy; give it to a generated client's constructor.</summary>
    public CallInvoker CallInvoker { get; }

    /// <inheritdoc />
    public void Dispose() => _channel.Dispose();
}

/// <summary>The HTTP/2 handler every client uses, through a channel of its own or the client factory.</summary>
internal static class GrpcPeerHandler
{
    public static SocketsHttpHandler Create() => new()
    {
        EnableMultipleHttp2Connections = true,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
        KeepAlivePingDelay = TimeSpan.FromSeconds(60),
        KeepAlivePingTimeout = TimeSpan.FromSeconds(20),
        KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
        AutomaticDecompression = System.Net.DecompressionMethods.None,
        UseCookies = false,
    };
}
