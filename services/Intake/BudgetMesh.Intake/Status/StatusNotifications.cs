using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace BudgetMesh.Intake.Status;

/// <summary>
/// One LISTEN connection per process, fanned out to the watchers of each submission. A notification only
/// wakes a watcher; the watcher reads the history table itself, so a missed or merged notification loses
/// nothing (watchers also look again on their own every few seconds).
/// </summary>
internal sealed class StatusNotifications(NpgsqlDataSource dataSource, ILogger<StatusNotifications> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<Subscription, byte>> _watchers = new();

    public Subscription Subscribe(Guid submissionId)
    {
        var subscription = new Subscription(this, submissionId);
        _watchers.GetOrAdd(submissionId, _ => new()).TryAdd(subscription, 0);
        return subscription;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, e) =>
                {
                    if (Guid.TryParse(e.Payload, out var id))
                    {
                        Wake(id);
                    }
                };
                await using (var listen = new NpgsqlCommand($"LISTEN {StatusWriter.Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                // Changes committed while no connection listened would otherwise wait for the watchers' own poll.
                WakeAll();
                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The listener must outlive database restarts; watchers poll meanwhile.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                logger.LogWarning(ex, "Status LISTEN connection lost; reconnecting");
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private void Wake(Guid submissionId)
    {
        if (_watchers.TryGetValue(submissionId, out var subscriptions))
        {
            foreach (var subscription in subscriptions.Keys)
            {
                subscription.Signal();
            }
        }
    }

    private void WakeAll()
    {
        foreach (var id in _watchers.Keys)
        {
            Wake(id);
        }
    }

    private void Remove(Subscription subscription)
    {
        if (_watchers.TryGetValue(subscription.SubmissionId, out var subscriptions))
        {
            subscriptions.TryRemove(subscription, out _);
        }
    }

    /// <summary>A watcher's wake-up signal; dispose to stop listening.</summary>
    internal sealed class Subscription(StatusNotifications owner, Guid submissionId) : IDisposable
    {
        private readonly SemaphoreSlim _signal = new(0, 1);

        public Guid SubmissionId { get; } = submissionId;

        /// <summary>Waits for a change or the timeout, whichever comes first.</summary>
        public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);

        internal void Signal()
        {
            try
            {
                _signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already signalled: one wake-up reads every change since.
            }
            catch (ObjectDisposedException)
            {
                // The watcher ended while a notification was being fanned out.
            }
        }

        public void Dispose()
        {
            owner.Remove(this);
            _signal.Dispose();
        }
    }
}
