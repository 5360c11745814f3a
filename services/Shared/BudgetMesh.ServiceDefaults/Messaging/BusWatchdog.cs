using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BudgetMesh.ServiceDefaults.Messaging;

/// <summary>Tuning of the <see cref="BusWatchdog"/>.</summary>
public sealed record BusWatchdogOptions
{
    /// <summary>How often the bus's health is read.</summary>
    public TimeSpan CheckInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long the bus may stay unhealthy before it is stopped and started again.</summary>
    public TimeSpan RestartAfter { get; init; } = TimeSpan.FromSeconds(45);

    /// <summary>Longest wait for the stop or the start of a restart.</summary>
    public TimeSpan RestartPatience { get; init; } = TimeSpan.FromSeconds(20);
}

/// <summary>
/// Restarts the service's MassTransit bus when its receive endpoints stay unhealthy. After a broker crash
/// MassTransit 8.4 can keep handing a receive endpoint the connection that died: every attempt then fails with
/// "Already closed" and is retried every 30 s for ever, so the service consumes nothing until it is restarted (a
/// RabbitMQ kill -9 test lost 94 of 100 reports that way, Intake and the Reconciler both stuck). Stopping and
/// starting the bus builds its connection anew. While the broker is really down a restart changes nothing and is
/// harmless; the next one waits another <see cref="BusWatchdogOptions.RestartAfter"/>.
/// </summary>
public sealed class BusWatchdog(IBusControl bus, BusWatchdogOptions options, TimeProvider time, ILogger<BusWatchdog> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        DateTimeOffset? unhealthySince = null;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(options.CheckInterval, time, stoppingToken);
                var health = bus.CheckHealth();
                if (health.Status == BusHealthStatus.Healthy)
                {
                    unhealthySince = null;
                    continue;
                }

                var now = time.GetUtcNow();
                unhealthySince ??= now;
                if (now - unhealthySince < options.RestartAfter)
                {
                    continue;
                }

                logger.LogWarning("Message bus {Status} for {Duration:0} s ({Description}); restarting it", health.Status, (now - unhealthySince.Value).TotalSeconds, health.Description);
                await RestartAsync(stoppingToken);
                unhealthySince = time.GetUtcNow();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task RestartAsync(CancellationToken stoppingToken)
    {
        try
        {
            using (var stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
            {
                stop.CancelAfter(options.RestartPatience);
                await bus.StopAsync(stop.Token);
            }

            using var start = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            start.CancelAfter(options.RestartPatience);
            await bus.StartAsync(start.Token);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogWarning("Message bus restart did not finish within {Patience}; the next check tries again", options.RestartPatience);
        }
#pragma warning disable CA1031 // The watchdog must keep watching whatever a restart throws; it logs and tries again later.
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            logger.LogWarning(ex, "Message bus restart failed; the next check tries again");
        }
    }
}
