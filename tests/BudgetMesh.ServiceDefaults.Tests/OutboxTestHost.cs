using BudgetMesh.ServiceDefaults;
using BudgetMesh.ServiceDefaults.Messaging;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BudgetMesh.ServiceDefaults.Tests;

[MessageUrn("budgetmesh.test.thing-changed.v1")]
public sealed record ThingChanged(Guid EventId, string Name);

/// <summary>The consumer shape every service follows: inbox, change, commit.</summary>
public sealed class ThingChangedConsumer(ServiceDatabase database, DeliveryLog log) : IConsumer<ThingChanged>
{
    public async Task Consume(ConsumeContext<ThingChanged> context)
    {
        log.Record(context.Message.EventId, System.Diagnostics.Activity.Current?.TraceId);
        await using var change = await database.BeginAsync(context.CancellationToken);
        if (!await change.TryAcceptAsync(nameof(ThingChangedConsumer), context.Message.EventId, context.CancellationToken))
        {
            return;
        }

        await using var command = change.Command("INSERT INTO things (name, value) VALUES ($1, 1) ON CONFLICT (name) DO UPDATE SET value = things.value + 1");
        command.Parameters.AddWithValue(context.Message.Name);
        await command.ExecuteNonQueryAsync(context.CancellationToken);
        await change.CommitAsync(context.CancellationToken);
    }
}

/// <summary>Counts raw deliveries, so a test can tell "delivered twice" from "applied twice".</summary>
public sealed class DeliveryLog
{
    private readonly List<Guid> _ids = [];
    private readonly Dictionary<Guid, System.Diagnostics.ActivityTraceId?> _traces = [];

    public void Record(Guid id, System.Diagnostics.ActivityTraceId? traceId)
    {
        lock (_ids)
        {
            _ids.Add(id);
            _traces[id] = traceId;
        }
    }

    public System.Diagnostics.ActivityTraceId? TraceOf(Guid id)
    {
        lock (_ids)
        {
            return _traces.GetValueOrDefault(id);
        }
    }

    public int CountOf(Guid id)
    {
        lock (_ids)
        {
            return _ids.Count(x => x == id);
        }
    }
}

internal static class OutboxTestHost
{
    public const string Schema = "outbox_test";

    public static IHost Build(string postgres, Uri rabbitMq, DeliveryLog log, bool withConsumer = true, BusWatchdogOptions? watchdog = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [ServiceSettings.PostgresVariable] = postgres,
            [ServiceSettings.RabbitMqVariable] = rabbitMq.ToString(),
        });
        builder.AddServiceDefaults("outbox-test");
        builder.AddServiceDatabase(Schema, typeof(OutboxTestHost).Assembly);
        builder.Services.AddSingleton(new OutboxRelayOptions { PollInterval = TimeSpan.FromMilliseconds(200), InitialBackoff = TimeSpan.FromMilliseconds(100) });
        builder.Services.AddSingleton(log);
        if (watchdog is not null)
        {
            builder.Services.AddSingleton(watchdog);
        }

        // A fresh virtual host has no queue bound yet: events published before the consumer's endpoint
        // is up would be dropped by the exchange, so the test host starts only once the bus has.
        builder.Services.Configure<MassTransitHostOptions>(options => options.WaitUntilStarted = true);
        builder.AddBus(
            bus =>
            {
                if (withConsumer)
                {
                    bus.AddConsumer<ThingChangedConsumer>();
                }
            },
            typeof(ThingChanged));
        return builder.Build();
    }
}
