namespace BudgetMesh.ServiceDefaults.Messaging;

/// <summary>A receive queue that stayed silent although the broker accepted heartbeats into it.</summary>
public sealed record DeafQueue(string Queue, TimeSpan SilentFor);

/// <summary>
/// Tells a deaf consumer from a quiet or busy one by what the bus does, not by what MassTransit reports (after a
/// broker kill -9 MassTransit 8.x has been seen reporting Healthy with no consumer attached: docs/adr/0008).
/// The watchdog puts a heartbeat into each of the service's receive queues every few seconds over a connection of its
/// own, so a queue is never quiet for long; this class keeps, per queue, when the service last saw a delivery there and
/// since when confirmed heartbeats have gone unanswered. A queue is deaf when, for <see cref="BusWatchdogOptions.DeafAfter"/>:
/// <list type="bullet">
/// <item>the broker confirmed every heartbeat put into it (it is up and the queue exists: an outage is not deafness),</item>
/// <item>the service received nothing from it — neither a heartbeat nor any other message — and</item>
/// <item>no delivery from it was being consumed (a consumer busy with slow messages is busy, not deaf).</item>
/// </list>
/// Replicas compete for one queue, so another instance may take this one's heartbeat; it sends its own heartbeats in
/// turn, and the broker's round-robin hands a live consumer some of the stream every interval.
/// Thread-safe: deliveries are reported from MassTransit's threads, heartbeats and checks from the watchdog.
/// </summary>
public sealed class DeafConsumerDetector(BusWatchdogOptions options, TimeProvider time)
{
    private readonly Dictionary<string, QueueState> _queues = new(StringComparer.Ordinal);

    /// <summary>The queues being watched, in the order they were added.</summary>
    public IReadOnlyList<string> Queues
    {
        get
        {
            lock (_queues)
            {
                return [.. _queues.Keys];
            }
        }
    }

    /// <summary>Heartbeats from <paramref name="queue"/> that the endpoint's heartbeat handler consumed so far.</summary>
    public long HeartbeatsConsumed(string queue)
    {
        lock (_queues)
        {
            return _queues.TryGetValue(queue, out var state) ? state.Heartbeats : 0;
        }
    }

    /// <summary>A heartbeat from <paramref name="queue"/> was deserialized and handled (its delivery was reported already).</summary>
    public void HeartbeatConsumed(string queue) => Update(queue, state => state.Heartbeats++);

    /// <summary>Starts watching <paramref name="queue"/> (a receive endpoint of this service).</summary>
    public void Watch(string queue)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(queue);
        lock (_queues)
        {
            _queues.TryAdd(queue, new QueueState());
        }
    }

    /// <summary>A delivery from <paramref name="queue"/> reached the service's receive pipe.</summary>
    public void DeliveryStarted(string queue) => Update(queue, state =>
    {
        state.InFlight++;
        state.LastActivity = time.GetUtcNow();
        state.SilentSince = null;
    });

    /// <summary>A delivery from <paramref name="queue"/> left the receive pipe (consumed or faulted).</summary>
    public void DeliveryEnded(string queue) => Update(queue, state =>
    {
        state.InFlight = Math.Max(0, state.InFlight - 1);
        state.LastActivity = time.GetUtcNow();
        state.SilentSince = null;
    });

    /// <summary>
    /// The broker confirmed a heartbeat into <paramref name="queue"/> that was handed to it at <paramref name="sentAt"/>.
    /// If nothing arrived from the queue since then, its silence is counted from that moment.
    /// </summary>
    public void HeartbeatConfirmed(string queue, DateTimeOffset sentAt) => Update(queue, state =>
    {
        if (state.LastActivity is { } last && last >= sentAt)
        {
            return;
        }

        state.SilentSince ??= sentAt;
    });

    /// <summary>
    /// The broker could not be reached or refused the heartbeat: silence proves nothing while it is away, so the count
    /// starts again with the next confirmed heartbeat.
    /// </summary>
    public void HeartbeatFailed(string queue) => Update(queue, state => state.SilentSince = null);

    /// <summary>The queues that are deaf now (see the class summary); empty while every queue shows life.</summary>
    public IReadOnlyList<DeafQueue> DeafQueues()
    {
        var now = time.GetUtcNow();
        lock (_queues)
        {
            return
            [
                .. _queues
                    .Where(q => q.Value is { InFlight: 0, SilentSince: { } since } && now - since >= options.DeafAfter)
                    .Select(q => new DeafQueue(q.Key, now - q.Value.SilentSince!.Value)),
            ];
        }
    }

    private void Update(string queue, Action<QueueState> change)
    {
        lock (_queues)
        {
            // A delivery from a queue nobody asked to watch (MassTransit's own temporary bus queue) is not tracked.
            if (_queues.TryGetValue(queue, out var state))
            {
                change(state);
            }
        }
    }

    private sealed class QueueState
    {
        public int InFlight { get; set; }

        public long Heartbeats { get; set; }

        public DateTimeOffset? LastActivity { get; set; }

        public DateTimeOffset? SilentSince { get; set; }
    }
}
