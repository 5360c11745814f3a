using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BudgetMesh.ServiceDefaults.Messaging;

/// <summary>Tuning of the <see cref="BusWatchdog"/>.</summary>
public sealed record BusWatchdogOptions
{
    /// <summary>The exit code of a service that gave up on its bus: "temporary failure, start me again" (EX_TEMPFAIL).</summary>
    public const int RestartExitCode = 75;

    /// <summary>How often the bus's health is read.</summary>
    public TimeSpan CheckInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long the bus may stay unhealthy before the service exits to be started afresh.</summary>
    public TimeSpan ExitAfter { get; init; } = TimeSpan.FromSeconds(60);
}

/// <summary>
/// Ends the service, with exit code <see cref="BusWatchdogOptions.RestartExitCode"/>, when its MassTransit bus stays
/// unhealthy, so that its supervisor (systemd, Kubernetes, the test harness) starts it again. After a broker crash
/// MassTransit 8.4 can keep handing a receive endpoint the connection that died: every attempt fails with "Already
/// closed" and is retried every 30 s for ever, and the service consumes nothing (a RabbitMQ kill -9 test lost 94 of
/// 100 reports that way). Stopping and starting the bus in-process does not help — its host stays "already started"
/// with the dead connection — but a new process connects afresh, and nothing is lost by exiting: unconsumed events
/// wait in their queues and unpublished ones in the outbox. While the broker is really down the restarted service
/// simply waits for it again.
/// </summary>
public sealed class BusWatchdog(IBusControl bus, BusWatchdogOptions options, TimeProvider time, IHostApplicationLifetime lifetime, ILogger<BusWatchdog> logger)
    : BackgroundService
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
                if (now - unhealthySince >= options.ExitAfter)
                {
                    logger.LogCritical("消息总线连续 {Seconds:0} 秒不健康（{Status}：{Description}），服务退出（代码 {Code}）以便重新启动 / message bus unhealthy; exiting to be restarted",
                        (now - unhealthySince.Value).TotalSeconds, health.Status, health.Description, BusWatchdogOptions.RestartExitCode);
                    Environment.ExitCode = BusWatchdogOptions.RestartExitCode;
                    lifetime.StopApplication();
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
