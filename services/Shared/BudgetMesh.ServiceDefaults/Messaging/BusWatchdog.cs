using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BudgetMesh.ServiceDefaults.Messaging;

/// <summary>Tuning of the <see cref="BusWatchdog"/>.</summary>
public sealed record BusWatchdogOptions
{
    /// <summary>The exit code of a service that gave up on its bus: "temporary failure, start me again" (EX_TEMPFAIL).</summary>
    public const int RestartExitCode = 75;

    /// <summary>How often the bus's health is read and a heartbeat put into each receive queue.</summary>
    public TimeSpan CheckInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long MassTransit may report the bus unhealthy before the service exits to be started afresh.</summary>
    public TimeSpan ExitAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long a receive queue may stay silent while the broker confirms heartbeats into it before the service counts
    /// as deaf and exits to be started afresh (<see cref="DeafConsumerDetector"/>). Longer than MassTransit needs to
    /// reconnect after a broker restart (its reconnect attempts were seen 30 s apart in the broker-kill cycles), so that
    /// a bus on its way back is not restarted.
    /// </summary>
    public TimeSpan DeafAfter { get; init; } = TimeSpan.FromSeconds(45);
}

/// <summary>
/// Ends the service, with exit code <see cref="BusWatchdogOptions.RestartExitCode"/>, when its MassTransit consumers
/// stopped consuming, so that its supervisor (systemd, Kubernetes, the test harness) starts it again; a new process
/// connects afresh, and nothing is lost by exiting: unconsumed events wait in their queues and unpublished ones in the
/// outbox (docs/adr/0008). Two signs, either ends the service:
/// <list type="bullet">
/// <item>MassTransit reports the bus unhealthy for <see cref="BusWatchdogOptions.ExitAfter"/> (a receive endpoint
/// retrying a dead connection with "Already closed" for ever);</item>
/// <item>a receive queue is deaf for <see cref="BusWatchdogOptions.DeafAfter"/>: the broker confirms the heartbeats this
/// watchdog puts into it and none comes out (<see cref="DeafConsumerDetector"/>). After a broker kill -9 MassTransit
/// 8.x has reported Healthy with no consumer attached and no connection open, which only this sign catches.</item>
/// </list>
/// Stopping and starting the bus in-process does not help — its host stays "already started" with the dead connection.
/// </summary>
public sealed class BusWatchdog(
    IBusControl bus,
    BusWatchdogOptions options,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<BusWatchdog> logger,
    DeafConsumerDetector? detector = null,
    HeartbeatSender? heartbeats = null)
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
                if (await DeafAsync(stoppingToken) is { Count: > 0 } deaf)
                {
                    logger.LogCritical("消息总线收不到消息：{Queues} 在代理确认心跳后仍无任何投递，服务退出（代码 {Code}）以便重新启动 / deaf consumer: broker confirmed heartbeats but nothing was delivered; exiting to be restarted",
                        string.Join("、", deaf.Select(d => $"{d.Queue}（{d.SilentFor.TotalSeconds:0} 秒）")), BusWatchdogOptions.RestartExitCode);
                    Exit();
                    return;
                }

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
                    Exit();
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Puts a heartbeat into every watched queue, then asks the detector which queues are deaf.</summary>
    private async Task<IReadOnlyList<DeafQueue>> DeafAsync(CancellationToken stoppingToken)
    {
        if (detector is null || heartbeats is null)
        {
            return [];
        }

        var reachable = true;
        foreach (var queue in detector.Queues)
        {
            // One refused heartbeat says the broker is away; the rest of the round would only wait for it too.
            var sentAt = time.GetUtcNow();
            if (reachable && await heartbeats.SendAsync(queue, sentAt, stoppingToken))
            {
                detector.HeartbeatConfirmed(queue, sentAt);
            }
            else
            {
                reachable = false;
                detector.HeartbeatFailed(queue);
            }
        }

        return detector.DeafQueues();
    }

    private void Exit()
    {
        Environment.ExitCode = BusWatchdogOptions.RestartExitCode;
        lifetime.StopApplication();
    }
}
