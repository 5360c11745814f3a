using System.Reflection;
using BudgetMesh.ServiceDefaults.Messaging;
using BudgetMesh.ServiceDefaults.Postgres;
using BudgetMesh.ServiceDefaults.Telemetry;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace BudgetMesh.ServiceDefaults;

/// <summary>The wiring every BudgetMesh service shares. A service's Program.cs calls these in order.</summary>
public static class ServiceDefaultsExtensions
{
    internal const string ReadyTag = "ready";

    /// <summary>Settings, traces, metrics and logs (exported over OTLP when configured) and health checks.</summary>
    public static ServiceSettings AddServiceDefaults(this IHostApplicationBuilder builder, string serviceName)
    {
        var settings = ServiceSettings.From(builder.Configuration, serviceName);
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddBudgetMeshTelemetry(settings);
        builder.Services.AddHealthChecks();
        return settings;
    }

    /// <summary>
    /// The service's own PostgreSQL schema: a data source whose search path is the schema, the shared
    /// outbox/inbox tables plus the service's embedded `Migrations/*.sql`, applied at start-up.
    /// </summary>
    public static IHostApplicationBuilder AddServiceDatabase(this IHostApplicationBuilder builder, string schema, Assembly migrationsAssembly)
    {
        var settings = builder.Services.BuildSettings();
        var connection = new NpgsqlConnectionStringBuilder(settings.RequirePostgres()) { SearchPath = schema };
        if (string.IsNullOrEmpty(connection.ApplicationName))
        {
            connection.ApplicationName = settings.ServiceName;
        }

        // A service sends the same few statements all day: prepared once per connection, PostgreSQL stops parsing
        // and planning them on every call (the largest share of its CPU per submission in the Intake benchmark).
        if (connection.MaxAutoPrepare == 0)
        {
            connection.MaxAutoPrepare = 64;
        }

        builder.Services.AddSingleton(_ => new NpgsqlDataSourceBuilder(connection.ConnectionString).TraceOnlyWithinSpans().Build());
        builder.Services.AddSingleton(sp => new SchemaMigrator(
            sp.GetRequiredService<NpgsqlDataSource>(),
            schema,
            [.. Migration.FromAssembly(typeof(ServiceDefaultsExtensions).Assembly, "defaults"), .. Migration.FromAssembly(migrationsAssembly, schema)],
            sp.GetRequiredService<ILogger<SchemaMigrator>>()));
        builder.Services.AddHostedService<MigrationHostedService>();
        builder.Services.TryAddSingleton<OutboxSignal>();
        builder.Services.TryAddSingleton(new OutboxMessageTypes([]));
        builder.Services.AddSingleton<ServiceDatabase>();
        builder.Services.AddHealthChecks().AddCheck<PostgresHealthCheck>("postgres", tags: [ReadyTag]);
        return builder;
    }

    /// <summary>
    /// MassTransit on RabbitMQ with the consumers <paramref name="configure"/> registers, and the outbox
    /// relay for the events listed in <paramref name="publishes"/>. Call after AddServiceDatabase.
    /// </summary>
    public static IHostApplicationBuilder AddBus(this IHostApplicationBuilder builder, Action<IBusRegistrationConfigurator> configure, params Type[] publishes)
    {
        var settings = builder.Services.BuildSettings();
        var broker = settings.RequireRabbitMq();
        builder.Services.Replace(ServiceDescriptor.Singleton(new OutboxMessageTypes(publishes)));
        builder.Services.TryAddSingleton(new OutboxRelayOptions());
        builder.Services.TryAddSingleton(services => new OutboxPublisher(broker, services.GetRequiredService<ILogger<OutboxPublisher>>()));
        builder.Services.AddMassTransit(bus =>
        {
            // Each service gets its own queues for the events it consumes: "intake-budget-reconciled".
            bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(settings.ServiceName, false));
            bus.AddConfigureEndpointsCallback((context, queueName, endpoint) =>
            {
                ConfigureDurableQueue(queueName, endpoint);
                // Every receive endpoint takes heartbeats and reports its deliveries: the watchdog's deaf-consumer check.
                var detector = context.GetRequiredService<DeafConsumerDetector>();
                detector.Watch(queueName);
                BusHeartbeat.Accept(endpoint);
            });
            configure(bus);
            bus.UsingRabbitMq((context, rabbit) =>
            {
                broker.ConfigureHost(rabbit);
                // The error and skipped queues are replicated like the consumer queues (ConfigureDurableQueue): a
                // classic one lives on one node, and while that node is down every replica's endpoint fails to start
                // again (declaring the queue answers NOT_FOUND), so its consumers stop.
                rabbit.SendTopology.ConfigureErrorSettings = queue => queue.SetQuorumQueue();
                rabbit.SendTopology.ConfigureDeadLetterSettings = queue => queue.SetQuorumQueue();
                rabbit.ConnectReceiveObserver(new DeliveryObserver(context.GetRequiredService<DeafConsumerDetector>()));
                rabbit.ConfigureEndpoints(context);
            });
        });
        if (publishes.Length > 0)
        {
            builder.Services.AddHostedService<OutboxRelay>();
        }

        builder.Services.TryAddSingleton(new BusWatchdogOptions());
        builder.Services.TryAddSingleton<DeafConsumerDetector>();
        builder.Services.TryAddSingleton(_ => new HeartbeatSender(broker, $"{settings.ServiceName}@{Environment.MachineName}:{Environment.ProcessId}"));
        builder.Services.AddHostedService<BusWatchdog>();
        return builder;
    }

    /// <summary>
    /// Redeliveries a consumer queue allows before RabbitMQ dead-letters a message: a message that kills its
    /// consumer process every time must not loop forever (docs/adr/0005-quorum-queues-and-error-queues.md).
    /// </summary>
    public const int DeliveryLimit = 20;

    /// <summary>
    /// Quorum queues survive a broker crash with what they acknowledged; the delivery limit ends a poison loop, and
    /// what it ends is dead-lettered into the same `&lt;queue&gt;_error` queue MassTransit moves faulted messages to,
    /// so an operator sees one place and replays with the shovel or `rabbitmqadmin` from there.
    /// </summary>
    private static void ConfigureDurableQueue(string queueName, IReceiveEndpointConfigurator endpoint)
    {
        if (endpoint is not IRabbitMqReceiveEndpointConfigurator rabbit)
        {
            return;
        }

        rabbit.SetQuorumQueue();
        rabbit.SetQueueArgument("x-delivery-limit", DeliveryLimit);
        // The same queue MassTransit's error transport declares, with the same arguments (quorum, see AddBus).
        rabbit.BindDeadLetterQueue(queueName + "_error", configure: queue => queue.SetQuorumQueue());
    }

    /// <summary>`/health/live` (the process answers) and `/health/ready` (its database and broker answer).</summary>
    public static IEndpointRouteBuilder MapDefaultEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });
        return endpoints;
    }

    private static ServiceSettings BuildSettings(this IServiceCollection services) =>
        services.LastOrDefault(d => d.ServiceType == typeof(ServiceSettings))?.ImplementationInstance as ServiceSettings
        ?? throw new InvalidOperationException("Call AddServiceDefaults first.");
}
