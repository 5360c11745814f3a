using System.Collections.Concurrent;
using BudgetMesh.Contracts.Events;
using MassTransit;

namespace BudgetMesh.EndToEnd.Tests;

/// <summary>
/// A bystander on the suite's broker: counts every delivery of the events the services publish and can publish
/// an event again as a broker redelivery would. Started before the services, so its queue is bound first.
/// </summary>
internal sealed class BusProbe : IAsyncDisposable
{
    private readonly ConcurrentQueue<Delivery> _received = new();
    private readonly IBusControl _bus;

    private BusProbe(Uri amqp)
    {
        _bus = Bus.Factory.CreateUsingRabbitMq(rabbit =>
        {
            rabbit.Host(amqp);
            rabbit.ReceiveEndpoint("end-to-end-probe", endpoint =>
            {
                endpoint.Handler<BudgetSubmitted>(context => Record(context.MessageId, context.Message));
                endpoint.Handler<BudgetReconciled>(context => Record(context.MessageId, context.Message));
            });
        });
    }

    public static async Task<BusProbe> StartAsync(Uri amqp)
    {
        var probe = new BusProbe(amqp);
        await probe._bus.StartAsync();
        return probe;
    }

    /// <summary>Every delivery of <typeparamref name="T"/> so far, with its message id; a redelivery appears twice.</summary>
    public IReadOnlyList<(Guid? MessageId, T Message)> Received<T>() =>
        [.. _received.Where(d => d.Message is T).Select(d => (d.MessageId, (T)d.Message))];

    /// <summary>Publishes <paramref name="message"/> under <paramref name="messageId"/>, as the outbox relay did the first time.</summary>
    public Task PublishAsync<T>(T message, Guid messageId)
        where T : class => _bus.Publish(message, context => context.MessageId = messageId);

    /// <summary>Waits until a delivery matches; fails with a clear message after <paramref name="patience"/>.</summary>
    public async Task<(Guid? MessageId, T Message)> WaitForAsync<T>(Func<T, bool> match, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while (DateTime.UtcNow < deadline)
        {
            foreach (var found in Received<T>())
            {
                if (match(found.Message))
                {
                    return found;
                }
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"No {typeof(T).Name} matching the condition arrived within {patience}.");
    }

    public async ValueTask DisposeAsync() => await _bus.StopAsync();

    private Task Record(Guid? messageId, object message)
    {
        _received.Enqueue(new Delivery(messageId, message));
        return Task.CompletedTask;
    }

    private sealed record Delivery(Guid? MessageId, object Message);
}
