using MassTransit;
using Microsoft.Extensions.Logging;

namespace BudgetMesh.ServiceDefaults.Messaging;

/// <summary>
/// The outbox relay's way onto the broker: a MassTransit bus of its own (one connection, no consumers) that the
/// relay can throw away. After a broker crash MassTransit can leave a publish path wedged for good: a publish that
/// was declaring its exchange when the connection died waits on that one-time topology set-up forever, and every
/// later publish to the same exchange queues behind it, while the consumers reconnect and look healthy. Waiting or
/// retrying on the same bus never recovers (a RabbitMQ kill -9 test lost 90 of 100 events that way); a new bus has
/// new connection, channels and set-up, so <see cref="ResetAsync"/> after a failed publish is the recovery.
/// </summary>
public sealed class OutboxPublisher(BrokerAddress broker, ILogger<OutboxPublisher> logger) : IAsyncDisposable
{
    private static readonly TimeSpan StopPatience = TimeSpan.FromSeconds(5);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IBusControl? _bus;

    /// <summary>Publishes <paramref name="message"/> with <paramref name="messageId"/> (consumers de-duplicate by it) and waits for the broker's confirm.</summary>
    public async Task PublishAsync(object message, Type type, Guid messageId, CancellationToken cancellationToken)
    {
        var bus = await CurrentAsync(cancellationToken);
        await bus.Publish(message, type, Pipe.Execute<PublishContext>(context => context.MessageId = messageId), cancellationToken);
    }

    /// <summary>Abandons the current bus (stopping it briefly, in the background if it hangs); the next publish starts a new one.</summary>
    public async Task ResetAsync()
    {
        IBusControl? old;
        await _gate.WaitAsync();
        try
        {
            old = _bus;
            _bus = null;
        }
        finally
        {
            _gate.Release();
        }

        if (old is not null)
        {
            logger.LogInformation("Outbox publisher: replacing its broker connection after a failed publish");
            await StopQuietlyAsync(old);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_bus is { } bus)
        {
            await StopQuietlyAsync(bus);
        }

        _gate.Dispose();
    }

    private async Task<IBusControl> CurrentAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _bus) is { } current)
        {
            return current;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_bus is null)
            {
                var bus = Bus.Factory.CreateUsingRabbitMq(broker.ConfigureHost);
                try
                {
                    await bus.StartAsync(cancellationToken);
                }
                catch
                {
                    await StopQuietlyAsync(bus);
                    throw;
                }

                Volatile.Write(ref _bus, bus);
            }

            return _bus;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task StopQuietlyAsync(IBusControl bus)
    {
        try
        {
            using var patience = new CancellationTokenSource(StopPatience);
            await bus.StopAsync(patience.Token).WaitAsync(StopPatience + StopPatience);
        }
#pragma warning disable CA1031 // A bus being thrown away may fail to stop in any way; it is abandoned either way.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            logger.LogDebug(ex, "Outbox publisher: an abandoned bus did not stop cleanly");
        }
    }
}
