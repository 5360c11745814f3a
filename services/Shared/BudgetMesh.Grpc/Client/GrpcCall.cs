using System.Diagnostics;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using BudgetMesh.Grpc.Client;
using BudgetMesh.Grpc.Protocol;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Polly;
using Polly.CircuitBreaker;

namespace BudgetMesh.Grpc;

/// <summary>
/// One client call in flight, for every rpc kind: write requests (client and bidirectional streaming), read
/// responses, see headers and trailers, cancel. Every failure surfaces as <see cref="GrpcStatusException"/>.
/// </summary>
public sealed class GrpcCall<TRequest, TResponse> : IDisposable
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    private readonly GrpcClient _client;
    private readonly MethodDescriptor _method;
    private readonly CallOptions _options;
    private readonly DateTime _deadline;
    private readonly CancellationTokenSource _deadlineCts;
    private readonly CancellationTokenSource _cts;
    private readonly Activity? _activity;
    private readonly Task<HttpResponseMessage> _responseTask;
    private readonly TaskCompletionSource<Stream> _requestStream = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _requestCompleted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private Stream? _responseStream;
    private string? _responseEncoding;
    private Metadata? _responseHeaders;
    private Metadata? _trailers;
    private GrpcStatusException? _failure;
    private bool _finished;

    internal GrpcCall(GrpcClient client, MethodDescriptor method, TRequest? request, CallOptions options, DateTime deadline, ResiliencePipeline? pipeline)
    {
        _client = client;
        _method = method;
        _options = options;
        _deadline = deadline;
        var remaining = deadline - DateTime.UtcNow;
        _deadlineCts = new CancellationTokenSource(remaining > TimeSpan.Zero ? Clamp(remaining) : TimeSpan.Zero);
        _cts = CancellationTokenSource.CreateLinkedTokenSource(_deadlineCts.Token, options.CancellationToken);

        // The span must not stay Activity.Current in the caller's flow once this constructor returns.
        var previous = Activity.Current;
        _activity = GrpcTelemetry.StartClient(method.Service.FullName, method.Name, client.Address);
        try
        {
            var frame = request is null ? null : MessageFraming.Frame(request, options.CompressRequest);
            _responseTask = pipeline is null || frame is null
                ? SendAndAcceptAsync(frame)
                : SendWithResilienceAsync(frame, pipeline);
        }
        finally
        {
            Activity.Current = previous;
        }
    }

    /// <summary>The response headers (initial metadata); waits for them.</summary>
    public async Task<Metadata> GetResponseHeadersAsync()
    {
        await EnsureResponseAsync();
        return _responseHeaders ?? [];
    }

    /// <summary>The trailers; available once the call finished (all responses read, or failed).</summary>
    public Metadata GetTrailers() =>
        _finished ? _trailers ?? [] : throw new InvalidOperationException("Trailers are available once the call has finished.");

    /// <summary>The single response of a unary or client-streaming call.</summary>
    public async Task<TResponse> GetResponseAsync()
    {
        var first = await ReadNextAsync(CancellationToken.None);
        if (first is null)
        {
            throw Fail(new GrpcStatusException(StatusCode.Internal, "The server ended the call without a response message."));
        }
        if (await ReadNextAsync(CancellationToken.None) is not null)
        {
            throw Fail(new GrpcStatusException(StatusCode.Internal, "The server sent more than one response message for a single-response call."));
        }
        return first;
    }

    /// <summary>Every response of a server-streaming or bidirectional call, until the server ends it.</summary>
    public async IAsyncEnumerable<TResponse> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (await ReadNextAsync(cancellationToken) is { } message)
        {
            yield return message;
        }
    }

    /// <summary>Sends one request message (client-streaming and bidirectional calls); writes must not overlap.</summary>
    public async Task WriteAsync(TRequest message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (_requestCompleted.Task.IsCompleted)
        {
            throw new InvalidOperationException("The request stream was already completed.");
        }
        if (_failure is not null)
        {
            throw _failure;
        }
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _cts.Token);
        try
        {
            await _writeLock.WaitAsync(linked.Token);
        }
        catch (OperationCanceledException ex)
        {
            throw _failure ?? Fail(Map(ex));
        }
        try
        {
            var stream = await GetRequestStreamAsync(linked.Token);
            var frame = MessageFraming.Frame(message, _options.CompressRequest);
            await stream.WriteAsync(frame, linked.Token);
            await stream.FlushAsync(linked.Token);
        }
        catch (ObjectDisposedException ex)
        {
            // HttpClient disposes the request stream once the HTTP/2 stream ended (deadline, reset, early status).
            throw _failure ?? Fail(Map(ex));
        }
        catch (Exception ex) when (ex is not GrpcStatusException and not InvalidOperationException)
        {
            throw _failure ?? Fail(Map(ex));
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Half-closes the request stream: the server sees the end of the requests.</summary>
    public Task CompleteRequestAsync()
    {
        _requestCompleted.TrySetResult();
        return Task.CompletedTask;
    }

    /// <summary>Cancels the call; pending and later operations fail with CANCELLED.</summary>
    public void Cancel() => _cts.Cancel();

    /// <summary>Ends the call, cancelling it if it has not finished.</summary>
    public void Dispose()
    {
        if (!_finished)
        {
            _cts.Cancel();
            Finish(StatusCode.Cancelled, "The call was disposed before it finished.", null);
        }
        _requestCompleted.TrySetResult();
        if (_responseTask.IsCompletedSuccessfully)
        {
            _responseTask.Result.Dispose();
        }
        _cts.Dispose();
        _deadlineCts.Dispose();
        _writeLock.Dispose();
    }

    private async Task<Stream> GetRequestStreamAsync(CancellationToken cancellationToken)
    {
        if (_requestStream.Task.IsCompleted)
        {
            return _requestStream.Task.Result;
        }
        // A server that answers at once (e.g. UNIMPLEMENTED) may end the call before the body starts.
        await Task.WhenAny(_requestStream.Task, _responseTask).WaitAsync(cancellationToken);
        if (!_requestStream.Task.IsCompleted)
        {
            await EnsureResponseAsync();
            if (_finished)
            {
                throw (Exception?)_failure ?? new InvalidOperationException("The call has already finished.");
            }
        }
        return await _requestStream.Task.WaitAsync(cancellationToken);
    }

    private async Task<TResponse?> ReadNextAsync(CancellationToken cancellationToken)
    {
        var response = await EnsureResponseAsync();
        if (_finished)
        {
            return _failure is null ? null : throw _failure;
        }
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _cts.Token);
        try
        {
            _responseStream ??= await response.Content.ReadAsStreamAsync(linked.Token);
            var (read, message, _) = await MessageFraming.ReadMessageAsync<TResponse>(
                _responseStream, _method.OutputType.Parser, _responseEncoding, _client.Options.MaxReceiveMessageSize, linked.Token);
            if (read)
            {
                return message;
            }
        }
        catch (Exception ex)
        {
            throw Fail(Map(ex));
        }

        // The end of the body: the status is in the trailers.
        var trailers = ToMetadata(response.TrailingHeaders);
        var status = GrpcProtocol.ParseStatus(response.TrailingHeaders.TryGetValues(GrpcProtocol.StatusHeader, out var s) ? s.FirstOrDefault() : null);
        var detail = GrpcProtocol.DecodeMessage(response.TrailingHeaders.TryGetValues(GrpcProtocol.MessageHeader, out var m) ? m.FirstOrDefault() : null);
        if (status is null)
        {
            throw Fail(new GrpcStatusException(StatusCode.Internal, "The response ended without a grpc-status trailer.", trailers));
        }
        Finish(status.Value, detail, trailers);
        return _failure is null ? null : throw _failure;
    }

    private async Task<HttpResponseMessage> EnsureResponseAsync()
    {
        try
        {
            return await _responseTask;
        }
        catch (Exception ex)
        {
            throw _failure ?? Fail(Map(ex));
        }
    }

    private async Task<HttpResponseMessage> SendWithResilienceAsync(byte[] frame, ResiliencePipeline pipeline)
    {
        var context = ResilienceContextPool.Shared.Get(_cts.Token);
        context.Properties.Set(ClientResilience.DeadlineKey, _deadline);
        (HttpResponseMessage Response, GrpcStatusException? Early) result;
        try
        {
            result = await pipeline.ExecuteAsync(static async (_, state) =>
            {
                var response = await state.call.SendOnceAsync(state.frame);
                var early = state.call.InspectResponseHeaders(response);
                // Only a Trailers-Only or non-200 UNAVAILABLE is retried: nothing of the response was consumed yet.
                if (early is { StatusCode: StatusCode.Unavailable })
                {
                    response.Dispose();
                    throw early;
                }
                return (response, early);
            }, context, (call: this, frame));
        }
        catch (BrokenCircuitException ex)
        {
            throw Fail(new GrpcStatusException(StatusCode.Unavailable, $"The circuit to {_client.Address} is open after repeated UNAVAILABLE.", innerException: ex));
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
        return Accept(result.Response, result.Early);
    }

    private async Task<HttpResponseMessage> SendAndAcceptAsync(byte[]? frame)
    {
        var response = await SendOnceAsync(frame);
        return Accept(response, InspectResponseHeaders(response));
    }

    private HttpResponseMessage Accept(HttpResponseMessage response, GrpcStatusException? early)
    {
        _responseHeaders = ToMetadata(response.Headers);
        _responseEncoding = response.Headers.TryGetValues(GrpcProtocol.EncodingHeader, out var e) ? e.FirstOrDefault() : null;
        if (early is not null)
        {
            Finish(early.StatusCode, early.Detail, early.Trailers);
        }
        return response;
    }

    /// <summary>Sends one attempt; failures are mapped but leave the call untouched so that a retry can follow.</summary>
    private async Task<HttpResponseMessage> SendOnceAsync(byte[]? frame)
    {
        var request = CreateRequest(frame);
        try
        {
            return await _client.HttpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, _cts.Token);
        }
        catch (Exception ex)
        {
            request.Dispose();
            throw Map(ex);
        }
    }

    private HttpRequestMessage CreateRequest(byte[]? frame)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_client.Address, $"/{_method.Service.FullName}/{_method.Name}"))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = frame is null ? new GrpcRequestContent(_requestStream, _requestCompleted.Task) : new GrpcRequestContent(frame),
        };
        var headers = request.Headers;
        headers.TE.Add(new TransferCodingWithQualityHeaderValue("trailers"));
        headers.TryAddWithoutValidation("user-agent", "grpc-budgetmesh-dotnet/1.0");
        headers.TryAddWithoutValidation(GrpcProtocol.TimeoutHeader, GrpcProtocol.FormatTimeout(_deadline - DateTime.UtcNow));
        headers.TryAddWithoutValidation(GrpcProtocol.AcceptEncodingHeader, GrpcProtocol.SupportedEncodings);
        if (_options.CompressRequest)
        {
            headers.TryAddWithoutValidation(GrpcProtocol.EncodingHeader, GrpcProtocol.Gzip);
        }
        foreach (var entry in _options.Headers ?? [])
        {
            headers.TryAddWithoutValidation(entry.Key, Metadata.ToWireValue(entry));
        }
        if ((_activity ?? Activity.Current) is { } activity)
        {
            DistributedContextPropagator.Current.Inject(activity, request,
                static (carrier, name, value) => ((HttpRequestMessage)carrier!).Headers.TryAddWithoutValidation(name, value));
        }
        return request;
    }

    /// <summary>The status carried by the response headers alone (non-200, Trailers-Only, not gRPC), or null.</summary>
    private GrpcStatusException? InspectResponseHeaders(HttpResponseMessage response)
    {
        var headers = ToMetadata(response.Headers);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return GrpcStatusException.FromWire(GrpcProtocol.FromHttpStatus(response.StatusCode), $"Bad gRPC response: HTTP status {(int)response.StatusCode}.", headers);
        }
        if (response.Headers.TryGetValues(GrpcProtocol.StatusHeader, out var statusValues))
        {
            // Trailers-Only: the status came in the only HEADERS frame; OK means "no messages".
            var detail = GrpcProtocol.DecodeMessage(response.Headers.TryGetValues(GrpcProtocol.MessageHeader, out var m) ? m.FirstOrDefault() : null);
            return GrpcStatusException.FromWire(GrpcProtocol.ParseStatus(statusValues.FirstOrDefault()) ?? StatusCode.Unknown, detail, headers);
        }
        if (!GrpcProtocol.IsGrpcContentType(response.Content.Headers.ContentType?.MediaType))
        {
            return GrpcStatusException.FromWire(StatusCode.Unknown, $"Bad gRPC response: content-type '{response.Content.Headers.ContentType}'.", headers);
        }
        return null;
    }

    private GrpcStatusException Map(Exception exception)
    {
        if (exception is GrpcStatusException status)
        {
            return status;
        }
        if (_deadlineCts.IsCancellationRequested)
        {
            return new GrpcStatusException(StatusCode.DeadlineExceeded, "Deadline Exceeded", innerException: exception);
        }
        if (_cts.IsCancellationRequested)
        {
            return new GrpcStatusException(StatusCode.Cancelled, "Cancelled by the caller.", innerException: exception);
        }
        var protocol = exception as HttpProtocolException ?? exception.InnerException as HttpProtocolException;
        if (protocol is not null)
        {
            // RST_STREAM / GOAWAY error codes (RFC 9113 section 7) as PROTOCOL-HTTP2.md maps them.
            var code = protocol.ErrorCode switch
            {
                0x7 => StatusCode.Unavailable,         // REFUSED_STREAM
                0x8 => StatusCode.Cancelled,           // CANCEL
                0xb => StatusCode.ResourceExhausted,   // ENHANCE_YOUR_CALM
                0xc => StatusCode.PermissionDenied,    // INADEQUATE_SECURITY
                _ => StatusCode.Internal,
            };
            return new GrpcStatusException(code, $"HTTP/2 error {protocol.ErrorCode}: {protocol.Message}", innerException: exception);
        }
        return exception switch
        {
            HttpRequestException or IOException => new GrpcStatusException(StatusCode.Unavailable, exception.Message, innerException: exception),
            OperationCanceledException => new GrpcStatusException(StatusCode.Cancelled, "Cancelled.", innerException: exception),
            _ => new GrpcStatusException(StatusCode.Internal, $"{exception.GetType().Name}: {exception.Message}", innerException: exception),
        };
    }

    private GrpcStatusException Fail(GrpcStatusException failure)
    {
        if (!_finished)
        {
            _trailers ??= failure.Trailers;
            _failure = failure;
            _finished = true;
            GrpcTelemetry.Stop(_activity, failure.StatusCode, failure.Detail);
            // Resets the HTTP/2 stream so the server's handler sees the cancellation too.
            _cts.Cancel();
            _requestCompleted.TrySetResult();
        }
        return _failure ?? failure;
    }

    private void Finish(StatusCode code, string detail, Metadata? trailers)
    {
        if (_finished)
        {
            return;
        }
        if (code != StatusCode.OK)
        {
            Fail(GrpcStatusException.FromWire(code, detail, trailers ?? []));
            return;
        }
        _trailers = trailers;
        _finished = true;
        _requestCompleted.TrySetResult();
        GrpcTelemetry.Stop(_activity, code, null);
    }

    private static Metadata ToMetadata(HttpHeaders headers)
    {
        var metadata = new Metadata();
        foreach (var header in headers)
        {
            if (GrpcProtocol.IsReservedHeader(header.Key))
            {
                continue;
            }
            foreach (var value in header.Value)
            {
                metadata.AddFromWire(header.Key.ToLowerInvariant(), value);
            }
        }
        return metadata;
    }

    private static TimeSpan Clamp(TimeSpan timeout) =>
        timeout.TotalMilliseconds >= int.MaxValue - 1 ? TimeSpan.FromMilliseconds(int.MaxValue - 1) : timeout;
}
