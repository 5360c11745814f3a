using Microsoft.AspNetCore.Http;

namespace BudgetMesh.Grpc;

/// <summary>What a handler may know and set about the call it serves, besides the messages.</summary>
public sealed class ServerCallContext
{
    internal ServerCallContext(HttpContext httpContext, string method, DateTime deadline, Metadata requestHeaders, CancellationToken cancellationToken)
    {
        HttpContext = httpContext;
        Method = method;
        Deadline = deadline;
        RequestHeaders = requestHeaders;
        CancellationToken = cancellationToken;
        var connection = httpContext.Connection;
        Peer = connection.RemoteIpAddress is null
            ? "unknown"
            : connection.RemoteIpAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
                ? $"ipv6:[{connection.RemoteIpAddress}]:{connection.RemotePort}"
                : $"ipv4:{connection.RemoteIpAddress}:{connection.RemotePort}";
    }

    /// <summary>The full method path, <c>/package.Service/Method</c>.</summary>
    public string Method { get; }

    /// <summary>The caller's address, e.g. <c>ipv4:127.0.0.1:51234</c>.</summary>
    public string Peer { get; }

    /// <summary>The call's deadline in UTC; <see cref="DateTime.MaxValue"/> when the caller sent none.</summary>
    public DateTime Deadline { get; }

    /// <summary>Fires when the caller cancels, the deadline passes or the connection drops.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>The caller's metadata (protocol headers removed).</summary>
    public Metadata RequestHeaders { get; }

    /// <summary>Metadata sent with the response headers, i.e. before the first response message.</summary>
    public Metadata ResponseHeaders { get; } = [];

    /// <summary>Metadata sent in the trailers, with the status.</summary>
    public Metadata ResponseTrailers { get; } = [];

    /// <summary>
    /// Whether response messages are gzip-compressed. Defaults to true when the caller compressed its request;
    /// only honoured when the caller accepts gzip and before the response headers were sent.
    /// </summary>
    public bool CompressResponse { get; set; }

    /// <summary>Whether the last request message read arrived compressed.</summary>
    internal bool LastRequestCompressed { get; set; }

    internal HttpContext HttpContext { get; }
}

/// <summary>Writes response messages of a server-streaming or bidirectional call.</summary>
public interface IServerStreamWriter<in T>
{
    /// <summary>Sends one message; calls must not overlap.</summary>
    Task WriteAsync(T message, CancellationToken cancellationToken = default);
}
