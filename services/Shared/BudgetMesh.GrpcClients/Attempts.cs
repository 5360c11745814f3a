using Grpc.Core;

namespace BudgetMesh.GrpcClients;

/// <summary>
/// The attempts of one retried call: the caller sees the headers, status and trailers of the last one, and disposing
/// the call disposes it and stops any retry still to come.
/// </summary>
internal sealed class Attempts<TCall>(CancellationToken callerToken) : IDisposable
    where TCall : class, IDisposable
{
    private readonly CancellationTokenSource _stop = CancellationTokenSource.CreateLinkedTokenSource(callerToken);
    private readonly Lock _lock = new();
    private TCall? _current;
    private RpcException? _failure;
    private bool _disposed;

    /// <summary>Fires when the caller cancels or disposes the call.</summary>
    public CancellationToken Token => _stop.Token;

    /// <summary>The attempt the caller now sees (null while none was started).</summary>
    public TCall? Current
    {
        get
        {
            lock (_lock)
            {
                return _current;
            }
        }
    }

    /// <summary>Starts the next attempt, disposing the one before it.</summary>
    public TCall Start(Func<TCall> start)
    {
        var call = start();
        TCall? previous;
        lock (_lock)
        {
            if (_disposed)
            {
                call.Dispose();
                throw new RpcException(new Status(StatusCode.Cancelled, "Call canceled by the client."));
            }
            previous = _current;
            _current = call;
        }
        previous?.Dispose();
        return call;
    }

    /// <summary>Records a failure that no attempt produced (open circuit, cancelled while waiting to retry).</summary>
    public RpcException Fail(RpcException failure)
    {
        lock (_lock)
        {
            _failure ??= failure;
            return failure;
        }
    }

    /// <summary>The last attempt's response headers, once the attempts are over.</summary>
    public async Task<Metadata> HeadersAsync(Task outcome, Func<TCall, Task<Metadata>> headers)
    {
        try
        {
            await outcome.ConfigureAwait(false);
        }
        catch (RpcException)
        {
            // The last attempt (or the recorded failure) answers below.
        }
        if (Current is { } call)
        {
            return await headers(call).ConfigureAwait(false);
        }
        throw _failure ?? new RpcException(new Status(StatusCode.Internal, "The call ended before any attempt started."));
    }

    public Status Status(Func<TCall, Status> status) =>
        _failure is { } failure ? failure.Status
        : Current is { } call ? status(call)
        : throw new InvalidOperationException("Unable to get the status because the call is not complete.");

    public Metadata Trailers(Func<TCall, Metadata> trailers) =>
        _failure is not null ? []
        : Current is { } call ? trailers(call)
        : throw new InvalidOperationException("Unable to get the trailers because the call is not complete.");

    public void Dispose()
    {
        TCall? current;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            current = _current;
        }
        _stop.Cancel();
        current?.Dispose();
        _stop.Dispose();
    }
}
