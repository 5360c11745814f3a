using System.Text;
using System.Text.Json;
using MassTransit;

namespace BudgetMesh.ServiceDefaults.Messaging;

/// <summary>
/// What the watchdog puts into each of its service's receive queues so that a queue is never silent for long
/// (<see cref="DeafConsumerDetector"/>). It is sent straight to the queue, never published, and every receive endpoint
/// consumes it and does nothing else with it.
/// </summary>
[MessageUrn("budgetmesh-bus-heartbeat")]
public sealed record BusHeartbeat(string Instance, DateTimeOffset SentAt)
{
    /// <summary>The content type of MassTransit's JSON envelope, which every receive endpoint reads.</summary>
    public const string ContentType = "application/vnd.masstransit+json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// The heartbeat as MassTransit's message envelope: the heartbeat goes out over a plain AMQP connection, apart from
    /// the MassTransit bus it tests, so it must look to MassTransit like a message any MassTransit sender would produce.
    /// </summary>
    public byte[] ToEnvelope(Guid messageId) => Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new
    {
        messageId,
        sentTime = SentAt,
        messageType = new[] { "urn:message:budgetmesh-bus-heartbeat" },
        message = this,
        headers = new Dictionary<string, object>(),
    }, Json));

    /// <summary>Adds the heartbeat's do-nothing handler to a receive endpoint, without binding the queue to any exchange.</summary>
    internal static void Accept(IReceiveEndpointConfigurator endpoint)
    {
        endpoint.ConfigureMessageTopology<BusHeartbeat>(false);
        endpoint.Handler<BusHeartbeat>(_ => Task.CompletedTask);
    }
}

/// <summary>Reports every delivery of the bus's receive endpoints to the <see cref="DeafConsumerDetector"/>, by queue.</summary>
internal sealed class DeliveryObserver(DeafConsumerDetector detector) : IReceiveObserver
{
    public Task PreReceive(ReceiveContext context)
    {
        detector.DeliveryStarted(QueueOf(context));
        return Task.CompletedTask;
    }

    public Task PostReceive(ReceiveContext context)
    {
        detector.DeliveryEnded(QueueOf(context));
        return Task.CompletedTask;
    }

    public Task ReceiveFault(ReceiveContext context, Exception exception)
    {
        detector.DeliveryEnded(QueueOf(context));
        return Task.CompletedTask;
    }

    public Task PostConsume<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType)
        where T : class
    {
        if (context.Message is BusHeartbeat)
        {
            detector.HeartbeatConsumed(QueueOf(context.ReceiveContext));
        }

        return Task.CompletedTask;
    }

    public Task ConsumeFault<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType, Exception exception)
        where T : class => Task.CompletedTask;

    /// <summary>The queue is the last segment of the endpoint's input address (rabbitmq://host/vhost/queue).</summary>
    internal static string QueueOf(ReceiveContext context) => QueueOf(context.InputAddress);

    internal static string QueueOf(Uri inputAddress) => inputAddress.AbsolutePath.TrimEnd('/').Split('/')[^1];
}
