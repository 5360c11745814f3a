using System.Collections.Concurrent;
using BudgetMesh.Contracts.Events;
using MassTransit;

namespace BudgetMesh.Intake.Tests;

/// <summary>
/// Another service on the real broker: records what Intake publishes and publishes what the reconciler and
/// publication would. Started before Intake, so its queue is bound before the first event leaves.
/// </summary>
internal sealed class BusProbe : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly ConcurrentQueue<object> _received = new();
    private readonly IBusControl _bus;

    private BusProbe(Uri amqp)
    {
        _bus = Bus.Factory.CreateUsingRabbitMq(rabbit =>
        {
            rabbit.Host(amqp);
            rabbit.ReceiveEndpoint("intake-tests-probe", endpoint =>
            {
                endpoint.Handler<BudgetSubmitted>(context => Record(context.Message));
                endpoint.Handler<DisclosureApproved>(context => Record(context.Message));
                endpoint.Handler<DisclosureReturned>(context => Record(context.Message));
            });
        });
    }

    public static async Task<BusProbe> StartAsync(Uri amqp)
    {
        var probe = new BusProbe(amqp);
        await probe._bus.StartAsync();
        return probe;
    }

    /// <summary>Every delivery, in arrival order (a redelivery appears twice).</summary>
    public IReadOnlyList<T> Received<T>() => [.. _received.OfType<T>()];

    public Task PublishAsync<T>(T message)
        where T : class => _bus.Publish(message);

    /// <summary>Waits until a delivery matches; fails after a generous patience, never asserting on timing.</summary>
    public async Task<T> WaitForAsync<T>(Func<T, bool> match)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            if (_received.OfType<T>().FirstOrDefault(match) is { } found)
            {
                return found;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"No {typeof(T).Name} matching the condition arrived within {Patience}.");
    }

    public async ValueTask DisposeAsync() => await _bus.StopAsync();

    private Task Record(object message)
    {
        _received.Enqueue(message);
        return Task.CompletedTask;
    }
}
