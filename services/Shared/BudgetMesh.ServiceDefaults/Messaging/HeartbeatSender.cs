using RabbitMQ.Client;

namespace BudgetMesh.ServiceDefaults.Messaging;

/// <summary>
/// Puts <see cref="BusHeartbeat"/>s straight into a queue (default exchange, mandatory, publisher confirms) over a
/// plain AMQP connection of its own, apart from the MassTransit bus whose consumers it tests: a confirm means the broker
/// is up and holds the heartbeat in that queue, whatever state the bus is in. Any failure drops the connection; the next
/// heartbeat connects afresh.
/// </summary>
public sealed class HeartbeatSender(BrokerAddress broker, string instance) : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);
    private IConnection? _connection;
    private IChannel? _channel;

    /// <summary>True when the broker confirmed the heartbeat into <paramref name="queue"/>; false when it could not.</summary>
    public async Task<bool> SendAsync(string queue, DateTimeOffset sentAt, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Patience);
        try
        {
            var channel = await ChannelAsync(timeout.Token);
            var messageId = Guid.NewGuid();
            var properties = new BasicProperties
            {
                ContentType = BusHeartbeat.ContentType,
                MessageId = messageId.ToString(),
                DeliveryMode = DeliveryModes.Persistent,
            };
            await channel.BasicPublishAsync(string.Empty, queue, mandatory: true, properties, new BusHeartbeat(instance, sentAt).ToEnvelope(messageId), timeout.Token);
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // Unreachable broker, refused connection, nack, return, timeout: all mean "not confirmed".
        catch (Exception)
#pragma warning restore CA1031
        {
            await DropAsync();
            return false;
        }
    }

    public ValueTask DisposeAsync() => new(DropAsync());

    private async Task<IChannel> ChannelAsync(CancellationToken cancellationToken)
    {
        if (_channel is { IsOpen: true } open)
        {
            return open;
        }

        await DropAsync();
        var factory = new ConnectionFactory
        {
            Uri = broker.First,
            AutomaticRecoveryEnabled = false,
            TopologyRecoveryEnabled = false,
            RequestedConnectionTimeout = Patience,
            ClientProvidedName = instance + " heartbeat",
        };
        _connection = await factory.CreateConnectionAsync(broker.Endpoints(), cancellationToken);
        _channel = await _connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
        return _channel;
    }

    private async Task DropAsync()
    {
        var channel = _channel;
        var connection = _connection;
        _channel = null;
        _connection = null;
        try
        {
            if (channel is not null)
            {
                await channel.DisposeAsync();
            }

            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
        }
#pragma warning disable CA1031 // A broken connection may fail to close in any way; it is abandoned either way.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}
