using System.Net;
using System.Net.Sockets;

namespace BudgetMesh.Testing.Network;

/// <summary>
/// Forwards every TCP connection made to <see cref="Listen"/> to <see cref="Target"/>, byte for byte, until either
/// side closes. It joins a network namespace to servers that listen on this host's loopback only (PostgreSQL,
/// RabbitMQ, the services) and makes a service inside a namespace reachable on this host's loopback.
/// </summary>
public sealed class TcpRelay : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _connections = [];
    private readonly Task _accepting;

    private TcpRelay(IPEndPoint listen, IPEndPoint target)
    {
        Listen = listen;
        Target = target;
        _listener = new TcpListener(listen);
        _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public IPEndPoint Listen { get; }

    public IPEndPoint Target { get; }

    /// <summary>Connections accepted so far.</summary>
    public int Accepted { get; private set; }

    public static TcpRelay Start(IPEndPoint listen, IPEndPoint target) => new(listen, target);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }

        Task[] open;
        lock (_connections)
        {
            open = [.. _connections];
        }

        await Task.WhenAll(open);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            Accepted++;
            var connection = ForwardAsync(client);
            lock (_connections)
            {
                _connections.RemoveAll(c => c.IsCompleted);
                _connections.Add(connection);
            }
        }
    }

    private async Task ForwardAsync(TcpClient client)
    {
        using (client)
        using (var upstream = new TcpClient(Target.AddressFamily))
        {
            try
            {
                client.NoDelay = true;
                upstream.NoDelay = true;
                await upstream.ConnectAsync(Target, _stop.Token);
                using var either = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                var down = client.GetStream();
                var up = upstream.GetStream();
                // When one direction ends, the other is torn down too: a relay never holds half a connection open.
                await Task.WhenAny(Copy(down, up, either.Token), Copy(up, down, either.Token));
                await either.CancelAsync();
            }
            catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException or ObjectDisposedException)
            {
                // One side went away: so does the other, as with a direct connection.
            }
        }
    }

    private static async Task Copy(Stream from, Stream to, CancellationToken cancellationToken)
    {
        try
        {
            await from.CopyToAsync(to, 64 * 1024, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // Closed or reset: ends this direction.
        }
    }
}
