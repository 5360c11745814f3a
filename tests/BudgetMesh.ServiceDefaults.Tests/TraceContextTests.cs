using System.Diagnostics;
using BudgetMesh.ServiceDefaults.Messaging;
using BudgetMesh.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace BudgetMesh.ServiceDefaults.Tests;

/// <summary>One trace runs from the change through the outbox and the bus into the consumer.</summary>
public sealed class TraceContextTests(PostgresDatabaseFixture postgres, RabbitMqVirtualHostFixture rabbitMq)
    : IClassFixture<PostgresDatabaseFixture>, IClassFixture<RabbitMqVirtualHostFixture>
{
    private static readonly ActivitySource Source = new("BudgetMesh.Tests");

    [Fact]
    public async Task The_consumer_runs_under_the_trace_of_the_change_that_wrote_the_event()
    {
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name.StartsWith("BudgetMesh", StringComparison.Ordinal) || source.Name == "MassTransit",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);

        var log = new DeliveryLog();
        using var host = OutboxTestHost.Build(postgres.ConnectionString, rabbitMq.AmqpUri, log);
        await host.StartAsync();
        var database = host.Services.GetRequiredService<ServiceDatabase>();
        var id = Guid.NewGuid();
        ActivityTraceId traceOfChange;

        using (var request = Source.StartActivity("submit request"))
        {
            Assert.NotNull(request);
            traceOfChange = request.TraceId;
            await using var change = await database.BeginAsync(CancellationToken.None);
            await change.PublishAsync(id, new ThingChanged(id, "traced"), CancellationToken.None);
            await change.CommitAsync(CancellationToken.None);
        }

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (log.CountOf(id) == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Equal(1, log.CountOf(id));
        Assert.Equal(traceOfChange, log.TraceOf(id));
        await host.StopAsync();
    }
}
