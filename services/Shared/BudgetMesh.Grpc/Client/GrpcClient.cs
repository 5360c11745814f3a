using System.Net.Http;
using BudgetMesh.Grpc.Client;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Polly;

namespace BudgetMesh.Grpc;

/// <summary>
/// A client for one endpoint: one HTTP/2 connection pool, one resilience pipeline. Calls are typed by the
/// protoc <see cref="MethodDescriptor"/> (e.g. <c>IntakeReflection.Descriptor.Services[0].FindMethodByName("SubmitPackage")</c>).
/// Thread-safe; create one per endpoint (or use <see cref="IGrpcClientFactory"/>) and keep it.
/// </summary>
public sealed class GrpcClient : IDisposable
{
    private readonly ResiliencePipeline _pipeline;

    /// <summary>Creates a client for <see cref="GrpcClientOptions.Address"/>.</summary>
    public GrpcClient(GrpcClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Address = options.Address ?? throw new ArgumentException("GrpcClientOptions.Address is required.", nameof(options));
        if (Address.Scheme != Uri.UriSchemeHttp && Address.Scheme != Uri.UriSchemeHttps)
        {
            throw new ArgumentException($"Address '{Address}' must be http:// (h2c) or https://.", nameof(options));
        }
        Options = options;
        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
            KeepAlivePingDelay = TimeSpan.FromSeconds(60),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(20),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
            UseCookies = false,
            // Trace context travels as gRPC metadata, set by this library on its own span.
            ActivityHeadersPropagator = null,
        };
        options.ConfigureHandler?.Invoke(handler);
        HttpClient = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _pipeline = ClientResilience.Create(options, TimeProvider.System);
    }

    /// <summary>The endpoint.</summary>
    public Uri Address { get; }

    internal GrpcClientOptions Options { get; }

    internal HttpClient HttpClient { get; }

    /// <summary>A unary call, retried on UNAVAILABLE within its deadline. Throws <see cref="GrpcStatusException"/>.</summary>
    public async Task<TResponse> UnaryAsync<TRequest, TResponse>(MethodDescriptor method, TRequest request, CallOptions? options = null)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        using var call = StartUnary<TRequest, TResponse>(method, request, options);
        return await call.GetResponseAsync();
    }

    /// <summary>A unary call whose response headers and trailers the caller wants to see.</summary>
    public GrpcCall<TRequest, TResponse> StartUnary<TRequest, TResponse>(MethodDescriptor method, TRequest request, CallOptions? options = null)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(request);
        return Start<TRequest, TResponse>(method, request, options, clientStreaming: false, serverStreaming: false);
    }

    /// <summary>A server-streaming call; establishing it is retried on UNAVAILABLE, reading is not.</summary>
    public GrpcCall<TRequest, TResponse> StartServerStreaming<TRequest, TResponse>(MethodDescriptor method, TRequest request, CallOptions? options = null)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(request);
        return Start<TRequest, TResponse>(method, request, options, clientStreaming: false, serverStreaming: true);
    }

    /// <summary>A client-streaming call: write requests, complete, then <see cref="GrpcCall{TRequest,TResponse}.GetResponseAsync"/>. Not retried.</summary>
    public GrpcCall<TRequest, TResponse> StartClientStreaming<TRequest, TResponse>(MethodDescriptor method, CallOptions? options = null)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse> =>
        Start<TRequest, TResponse>(method, null, options, clientStreaming: true, serverStreaming: false);

    /// <summary>A bidirectional call: write and read concurrently. Not retried.</summary>
    public GrpcCall<TRequest, TResponse> StartDuplexStreaming<TRequest, TResponse>(MethodDescriptor method, CallOptions? options = null)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse> =>
        Start<TRequest, TResponse>(method, null, options, clientStreaming: true, serverStreaming: true);

    /// <inheritdoc />
    public void Dispose() => HttpClient.Dispose();

    private GrpcCall<TRequest, TResponse> Start<TRequest, TResponse>(MethodDescriptor method, TRequest? request, CallOptions? options,
        bool clientStreaming, bool serverStreaming)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(method);
        if (method.InputType.ClrType != typeof(TRequest) || method.OutputType.ClrType != typeof(TResponse))
        {
            throw new ArgumentException(
                $"{method.FullName} takes {method.InputType.ClrType?.Name} and returns {method.OutputType.ClrType?.Name}, not {typeof(TRequest).Name} and {typeof(TResponse).Name}.",
                nameof(method));
        }
        if (method.IsClientStreaming != clientStreaming || method.IsServerStreaming != serverStreaming)
        {
            throw new ArgumentException($"{method.FullName} is not a {Kind(clientStreaming, serverStreaming)} rpc.", nameof(method));
        }
        options ??= new CallOptions();
        var now = DateTime.UtcNow;
        var deadline = options.Timeout is { } timeout ? now + timeout : now + Options.DefaultDeadline;
        if (options.Deadline is { } absolute)
        {
            deadline = options.Timeout is null ? absolute : (absolute < deadline ? absolute : deadline);
        }
        return new GrpcCall<TRequest, TResponse>(this, method, request, options, deadline, _pipeline);
    }

    private static string Kind(bool clientStreaming, bool serverStreaming) => (clientStreaming, serverStreaming) switch
    {
        (false, false) => "unary",
        (false, true) => "server-streaming",
        (true, false) => "client-streaming",
        _ => "bidirectional-streaming",
    };
}
