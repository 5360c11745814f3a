using System.Net;
using System.Net.Http.Headers;

namespace BudgetMesh.Grpc.Client;

/// <summary>
/// A request body that is either one fixed frame (unary, server streaming) or a stream the call writes to
/// while the response is already flowing (client streaming, bidirectional).
/// </summary>
internal sealed class GrpcRequestContent : HttpContent
{
    private readonly byte[]? _frame;
    private readonly TaskCompletionSource<Stream>? _stream;
    private readonly Task? _completed;

    public GrpcRequestContent(byte[] frame)
    {
        _frame = frame;
        Headers.ContentType = new MediaTypeHeaderValue(Protocol.GrpcProtocol.ContentType);
    }

    public GrpcRequestContent(TaskCompletionSource<Stream> stream, Task completed)
    {
        _stream = stream;
        _completed = completed;
        Headers.ContentType = new MediaTypeHeaderValue(Protocol.GrpcProtocol.ContentType);
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        if (_frame is not null)
        {
            await stream.WriteAsync(_frame, cancellationToken);
            return;
        }
        _stream!.TrySetResult(stream);
        // Returning ends the request stream (END_STREAM), so wait until the caller half-closes.
        await _completed!.WaitAsync(cancellationToken);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = -1;
        return false;
    }
}
