using BudgetMesh.ServiceDefaults.Messaging;
using BudgetMesh.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BudgetMesh.ServiceDefaults.Tests;

/// <summary>
/// The deaf-consumer check end to end on a real RabbitMQ: heartbeats go into the service's receive queue over a
/// connection of their own and come out of its consumer; a consumer that stops consuming while the broker is up ends
/// the service with the restart exit code, though MassTransit's own health limit is far away.
/// </summary>
[Collection(ExitCodeCollection.Name)]
public sealed class DeafConsumerTests(PostgresDatabaseFixture postgres, RabbitMqVirtualHostFixture rabbitMq)
    : IClassFixture<PostgresDatabaseFixture>, IClassFixture<RabbitMqVirtualHostFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static readonly BusWatchdogOptions Quick = new()
    {
        CheckInterval = TimeSpan.FromMilliseconds(200),
        // Room for a loaded machine (two cores shared with chaos runs): 2 s left a stalled dispatcher little margin.
        DeafAfter = TimeSpan.FromSeconds(5),
        // MassTransit's health rule must not be the one that fires here.
        ExitAfter = TimeSpan.FromHours(1),
    };

    public Task InitializeAsync() => postgres.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Heartbeats_come_back_through_a_consuming_endpoint_for_longer_than_the_bound_and_nothing_exits()
    {
        using var host = OutboxTestHost.Build(postgres.ConnectionString, rabbitMq.AmqpUri, new DeliveryLog(), watchdog: Quick);
        await host.StartAsync();
        var detector = host.Services.GetRequiredService<DeafConsumerDetector>();
        var queue = Assert.Single(detector.Queues);

        // 50 heartbeats at 200 ms, each read from MassTransit's envelope and handled: twice the 5 s bound.
        await WaitUntilAsync(() => detector.HeartbeatsConsumed(queue) >= 50);

        Assert.False(host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested);
        Assert.Empty(detector.DeafQueues());
        await host.StopAsync();
    }

    [Fact]
    public async Task A_consumer_that_stops_consuming_while_the_broker_is_up_ends_the_service_with_the_restart_code()
    {
        var exitCode = Environment.ExitCode;
        try
        {
            using var host = OutboxTestHost.Build(postgres.ConnectionString, rabbitMq.AmqpUri, new DeliveryLog(), watchdog: Quick);
            await host.StartAsync();
            var detector = host.Services.GetRequiredService<DeafConsumerDetector>();
            var queue = Assert.Single(detector.Queues);
            await WaitUntilAsync(() => detector.HeartbeatsConsumed(queue) >= 1);

            // The consumer leaves the queue while the broker stays up: the state a wedged MassTransit was seen in
            // after a broker kill -9 (0 consumers on the queue, bus health not consulted here for an hour).
            await host.Services.GetRequiredService<IBusControl>().StopAsync();
            var stopping = host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
            await WaitUntilAsync(() => stopping.IsCancellationRequested);

            Assert.Equal(BusWatchdogOptions.RestartExitCode, Environment.ExitCode);
            await host.StopAsync();
        }
        finally
        {
            Environment.ExitCode = exitCode;
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached in time");
            await Task.Delay(50);
        }
    }
}

/// <summary>Tests that set or read the process's exit code run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class ExitCodeCollection
{
    public const string Name = "process exit code";
}
