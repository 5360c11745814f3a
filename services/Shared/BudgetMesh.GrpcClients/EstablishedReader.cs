using Grpc.Core;

namespace BudgetMesh.GrpcClients;

/// <summary>
/// The response stream of a server-streaming call whose establishment (up to its first message or its end) may have
/// taken several attempts: the first MoveNext waits for that, later ones read the established call's stream.
/// </summary>
internal sealed class EstablishedReader<TResponse>(Task<bool> established, Attempts<AsyncServerStreamingCall<TResponse>> attempts)
    : IAsyncStreamReader<TResponse>
{
    private bool _first = true;

    public TResponse Current { get; private set; } = default!;

    public async Task<bool> MoveNext(CancellationToken cancellationToken)
    {
        bool more;
        if (_first)
        {
            _first = false;
            try
            {
                more = await established.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                attempts.Dispose();
                throw new RpcException(new Status(StatusCode.Cancelled, "Call canceled by the client."));
            }
        }
        else
        {
            more = await (attempts.Current ?? throw new InvalidOperationException("The call was not established.")).ResponseStream
                .MoveNext(cancellationToken).ConfigureAwait(false);
        }
        if (more)
        {
            Current = attempts.Current!.ResponseStream.Current;
        }
        return more;
    }
}
