using BudgetMesh.ServiceDefaults.Messaging;

namespace BudgetMesh.ServiceDefaults.Tests;

/// <summary>
/// The deaf-consumer rule on a clock the test moves: a queue is deaf only when the broker kept confirming heartbeats
/// into it for the whole bound, nothing came out of it and nothing from it was being consumed.
/// </summary>
public sealed class DeafConsumerDetectorTests
{
    private const string Queue = "reconciler-budget-submitted";
    private static readonly BusWatchdogOptions Options = new() { DeafAfter = TimeSpan.FromSeconds(30) };
    private readonly ManualTime _time = new();
    private readonly DeafConsumerDetector _detector;

    public DeafConsumerDetectorTests()
    {
        _detector = new DeafConsumerDetector(Options, _time);
        _detector.Watch(Queue);
    }

    [Fact]
    public void Confirmed_heartbeats_with_no_delivery_for_the_whole_bound_make_the_queue_deaf()
    {
        var first = Heartbeat();
        Every5SecondsUntil(TimeSpan.FromSeconds(30));

        var deaf = Assert.Single(_detector.DeafQueues());
        Assert.Equal(Queue, deaf.Queue);
        Assert.Equal(_time.GetUtcNow() - first, deaf.SilentFor);
    }

    [Fact]
    public void Silence_shorter_than_the_bound_is_not_deafness()
    {
        Heartbeat();
        Every5SecondsUntil(TimeSpan.FromSeconds(25));

        Assert.Empty(_detector.DeafQueues());
    }

    [Fact]
    public void Heartbeats_that_come_back_keep_the_queue_alive_for_ever()
    {
        for (var i = 0; i < 100; i++)
        {
            var sentAt = _time.GetUtcNow();
            _time.Advance(TimeSpan.FromMilliseconds(20));
            Deliver();
            _detector.HeartbeatConfirmed(Queue, sentAt);
            _time.Advance(TimeSpan.FromSeconds(5));
        }

        Assert.Empty(_detector.DeafQueues());
    }

    [Fact]
    public void A_heartbeat_delivered_before_its_confirm_arrived_does_not_start_the_silence()
    {
        var sentAt = _time.GetUtcNow();
        _time.Advance(TimeSpan.FromMilliseconds(5));
        Deliver();
        _time.Advance(TimeSpan.FromMilliseconds(5));
        _detector.HeartbeatConfirmed(Queue, sentAt);
        _time.Advance(TimeSpan.FromMinutes(5));

        Assert.Empty(_detector.DeafQueues());
    }

    [Fact]
    public void Any_delivery_from_the_queue_counts_as_life_not_only_the_heartbeat()
    {
        Heartbeat();
        _time.Advance(TimeSpan.FromSeconds(20));
        Deliver();
        Every5SecondsUntil(TimeSpan.FromSeconds(25));

        Assert.Empty(_detector.DeafQueues());
        Every5SecondsUntil(TimeSpan.FromSeconds(35));
        Assert.Single(_detector.DeafQueues());
    }

    [Fact]
    public void A_consumer_busy_with_a_slow_message_is_busy_not_deaf_and_is_judged_again_once_it_finishes()
    {
        Heartbeat();
        _detector.DeliveryStarted(Queue);
        Every5SecondsUntil(TimeSpan.FromMinutes(3));
        Assert.Empty(_detector.DeafQueues());

        _detector.DeliveryEnded(Queue);
        Every5SecondsUntil(TimeSpan.FromSeconds(25));
        Assert.Empty(_detector.DeafQueues());
        Every5SecondsUntil(TimeSpan.FromSeconds(10));
        Assert.Single(_detector.DeafQueues());
    }

    [Fact]
    public void A_broker_outage_is_not_deafness_and_the_silence_is_counted_afresh_once_the_broker_confirms_again()
    {
        Heartbeat();
        _time.Advance(TimeSpan.FromSeconds(20));
        // The broker is killed: heartbeats fail for two minutes.
        for (var i = 0; i < 24; i++)
        {
            _detector.HeartbeatFailed(Queue);
            _time.Advance(TimeSpan.FromSeconds(5));
        }

        Assert.Empty(_detector.DeafQueues());
        // Back: MassTransit gets the bound to reconnect, counted from the first confirmed heartbeat.
        Every5SecondsUntil(TimeSpan.FromSeconds(25));
        Assert.Empty(_detector.DeafQueues());
        Every5SecondsUntil(TimeSpan.FromSeconds(35));
        Assert.Single(_detector.DeafQueues());
    }

    [Fact]
    public void Only_the_silent_queue_is_named_when_another_queue_of_the_service_consumes()
    {
        const string other = "reconciler-other";
        _detector.Watch(other);
        for (var elapsed = TimeSpan.Zero; elapsed <= TimeSpan.FromSeconds(40); elapsed += TimeSpan.FromSeconds(5))
        {
            var sentAt = _time.GetUtcNow();
            _detector.HeartbeatConfirmed(Queue, sentAt);
            _detector.HeartbeatConfirmed(other, sentAt);
            _time.Advance(TimeSpan.FromMilliseconds(10));
            _detector.DeliveryStarted(other);
            _detector.DeliveryEnded(other);
            _time.Advance(TimeSpan.FromSeconds(5));
        }

        Assert.Equal([Queue], _detector.DeafQueues().Select(d => d.Queue));
        Assert.Equal([Queue, other], _detector.Queues);
    }

    [Fact]
    public void Deliveries_from_queues_nobody_watches_are_ignored()
    {
        _detector.DeliveryStarted("bus-temporary-queue");
        Heartbeat();
        Every5SecondsUntil(TimeSpan.FromSeconds(30));

        Assert.Equal([Queue], _detector.DeafQueues().Select(d => d.Queue));
        Assert.Equal([Queue], _detector.Queues);
    }

    [Fact]
    public void A_delivery_that_ends_more_often_than_it_started_cannot_hide_a_later_silence()
    {
        _detector.DeliveryEnded(Queue);
        _detector.DeliveryEnded(Queue);
        _time.Advance(TimeSpan.FromSeconds(1));
        Heartbeat();
        Every5SecondsUntil(TimeSpan.FromSeconds(30));

        Assert.Single(_detector.DeafQueues());
    }

    private DateTimeOffset Heartbeat()
    {
        var sentAt = _time.GetUtcNow();
        _detector.HeartbeatConfirmed(Queue, sentAt);
        return sentAt;
    }

    private void Deliver()
    {
        _detector.DeliveryStarted(Queue);
        _detector.DeliveryEnded(Queue);
    }

    /// <summary>Moves the clock in 5-second steps, a confirmed heartbeat at each, for <paramref name="span"/> in all.</summary>
    private void Every5SecondsUntil(TimeSpan span)
    {
        var end = _time.GetUtcNow() + span;
        while (_time.GetUtcNow() < end)
        {
            _time.Advance(TimeSpan.FromSeconds(5));
            Heartbeat();
        }
    }

    private sealed class ManualTime : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
