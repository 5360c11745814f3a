using System.Runtime.CompilerServices;
using BudgetMesh.Grpc.Protocol;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;

namespace BudgetMesh.Grpc.Server;

/// <summary>The wire side of one server call: reads request frames, writes response frames and the status.</summary>
internal sealed class ServerCall(HttpContext httpContext, ServerCallContext context, string? requestEncoding, bool clientAcceptsGzip, int maxReceiveMessageSize)
{
    private int _writing;
    private bool _responseGzip;

    public ServerCallContext Context { get; } = context;

    public async Task<T> ReadSingleAsync<T>(MessageParser parser) where T : class
    {
        var (read, message) = await ReadAsync<T>(parser, Context.CancellationToken);
        if (!read)
        {
            throw new GrpcStatusException(StatusCode.Internal, "No request message received.");
        }
        var (more, _) = await ReadAsync<T>(parser, Context.CancellationToken);
        if (more)
        {
            throw new GrpcStatusException(StatusCode.Internal, "More than one request message received for a call that takes one.");
        }
        return message!;
    }

    public async IAsyncEnumerable<T> ReadAllAsync<T>(MessageParser parser, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        where T : class
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, Context.CancellationToken);
        while (true)
        {
            var (read, message) = await ReadAsync<T>(parser, linked.Token);
            if (!read)
            {
                yield break;
            }
            yield return message!;
        }
    }

    private async ValueTask<(bool Read, T? Message)> ReadAsync<T>(MessageParser parser, CancellationToken cancellationToken) where T : class
    {
        var (read, message, compressed) = await MessageFraming.ReadMessageAsync<T>(
            httpContext.Request.Body, parser, requestEncoding, maxReceiveMessageSize, cancellationToken);
        if (read)
        {
            Context.LastRequestCompressed = compressed;
        }
        return (read, message);
    }

    public async Task WriteAsync(IMessage message, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _writing, 1) == 1)
        {
            throw new InvalidOperationException("A previous write is still in progress; writes must not overlap.");
        }
        try
        {
            // A handler that outlives its deadline must not send anything the caller no longer waits for.
            Context.CancellationToken.ThrowIfCancellationRequested();
            PrepareResponseHeaders(trailersOnly: false);
            var frame = MessageFraming.Frame(message, _responseGzip && Context.CompressResponse);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, Context.CancellationToken);
            await httpContext.Response.BodyWriter.WriteAsync(frame, linked.Token);
        }
        finally
        {
            Volatile.Write(ref _writing, 0);
        }
    }

    public void Complete(StatusCode code, string? detail, Google.Rpc.Status? details, Metadata? extraTrailers)
    {
        var response = httpContext.Response;
        if (!response.HasStarted)
        {
            // Trailers-Only: one HEADERS frame carrying the status, ended by END_STREAM.
            PrepareResponseHeaders(trailersOnly: true);
            WriteStatus((name, value) => response.Headers.Append(name, value), code, detail, details, extraTrailers);
        }
        else
        {
            WriteStatus((name, value) => response.AppendTrailer(name, value), code, detail, details, extraTrailers);
        }
    }

    private void WriteStatus(Action<string, string> append, StatusCode code, string? detail, Google.Rpc.Status? details, Metadata? extraTrailers)
    {
        append(GrpcProtocol.StatusHeader, GrpcProtocol.FormatStatus(code));
        if (!string.IsNullOrEmpty(detail))
        {
            append(GrpcProtocol.MessageHeader, GrpcProtocol.EncodeMessage(detail));
        }
        if (details is not null)
        {
            append(GrpcStatusException.StatusDetailsTrailer, Convert.ToBase64String(StatusDetailsLimit.Bound(details).ToByteArray()).TrimEnd('='));
        }
        foreach (var entry in Context.ResponseTrailers.Concat(extraTrailers ?? []))
        {
            append(entry.Key, Metadata.ToWireValue(entry));
        }
    }

    private void PrepareResponseHeaders(bool trailersOnly)
    {
        var response = httpContext.Response;
        if (response.HasStarted)
        {
            return;
        }
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = GrpcProtocol.ContentType;
        response.Headers[GrpcProtocol.AcceptEncodingHeader] = GrpcProtocol.SupportedEncodings;
        if (!trailersOnly && clientAcceptsGzip && Context.CompressResponse)
        {
            response.Headers[GrpcProtocol.EncodingHeader] = GrpcProtocol.Gzip;
            _responseGzip = true;
        }
        foreach (var entry in Context.ResponseHeaders)
        {
            response.Headers.Append(entry.Key, Metadata.ToWireValue(entry));
        }
    }
}

internal sealed class ServerStreamWriter<T>(ServerCall call) : IServerStreamWriter<T> where T : IMessage
{
    public Task WriteAsync(T message, CancellationToken cancellationToken = default) => call.WriteAsync(message, cancellationToken);
}
