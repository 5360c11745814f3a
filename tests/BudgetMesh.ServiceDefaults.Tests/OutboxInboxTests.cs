using BudgetMesh.ServiceDefaults.Messaging;
using BudgetMesh.ServiceDefaults.Postgres;
using BudgetMesh.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace BudgetMesh.ServiceDefaults.Tests;

/// <summary>The outbox and inbox against a real PostgreSQL and a real RabbitMQ.</summary>
public sealed class OutboxInboxTests(PostgresDatabaseFixture postgres, RabbitMqVirtualHostFixture rabbitMq)
    : IClassFixture<PostgresDatabaseFixture>, IClassFixture<RabbitMqVirtualHostFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly DeliveryLog _log = new();

    public Task InitializeAsync() => postgres.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_committed_change_gets_its_event_published_and_applied_once()
    {
        using var host = Build();
        await host.StartAsync();

        var id = await CommitChangeAsync(host, "alpha");

        await WaitUntilAsync(async () => await ValueOfAsync("alpha") == 1 && await IsPublishedAsync(id));
        await Task.Delay(500);
        Assert.Equal(1, _log.CountOf(id));
        await host.StopAsync();
    }

    [Fact]
    public async Task A_rolled_back_change_publishes_nothing()
    {
        using var host = Build();
        await host.StartAsync();
        var database = host.Services.GetRequiredService<ServiceDatabase>();
        var id = Guid.NewGuid();

        await using (var change = await database.BeginAsync(CancellationToken.None))
        {
            await change.PublishAsync(id, new ThingChanged(id, "beta"), CancellationToken.None);
            await change.Transaction.RollbackAsync();
        }

        var control = await CommitChangeAsync(host, "control");
        await WaitUntilAsync(async () => await ValueOfAsync("control") == 1 && await IsPublishedAsync(control));
        Assert.Equal(0, _log.CountOf(id));
        Assert.Null(await ValueOfAsync("beta"));
        Assert.Equal(0L, await ScalarAsync<long>("SELECT count(*) FROM outbox_messages WHERE id = $1", id));
        await host.StopAsync();
    }

    [Fact]
    public async Task A_change_committed_by_a_process_that_died_before_its_relay_ran_is_published_after_restart()
    {
        Guid id;
        using (var crashed = Build())
        {
            // Never started: the process committed and died before its relay ever ran.
            await crashed.Services.GetRequiredService<SchemaMigrator>().MigrateAsync(CancellationToken.None);
            id = await CommitChangeAsync(crashed, "gamma");
        }

        Assert.False(await IsPublishedAsync(id));
        Assert.Equal(0, _log.CountOf(id));

        using var restarted = Build();
        await restarted.StartAsync();
        await WaitUntilAsync(async () => await ValueOfAsync("gamma") == 1 && await IsPublishedAsync(id));
        await restarted.StopAsync();
    }

    [Fact]
    public async Task A_relay_that_died_after_publishing_but_before_marking_publishes_again_and_the_inbox_applies_it_once()
    {
        Guid id;
        using (var first = Build())
        {
            await first.StartAsync();
            id = await CommitChangeAsync(first, "delta");
            await WaitUntilAsync(async () => await ValueOfAsync("delta") == 1);
            await first.StopAsync();
        }

        // The state a crash between the broker's confirm and the UPDATE leaves behind.
        await ExecuteAsync("UPDATE outbox_messages SET published_at = NULL WHERE id = $1", id);

        using var second = Build();
        await second.StartAsync();
        await WaitUntilAsync(() => Task.FromResult(_log.CountOf(id) == 2));
        await WaitUntilAsync(async () => await IsPublishedAsync(id));
        Assert.Equal(1, await ValueOfAsync("delta"));
        Assert.Equal(1L, await ScalarAsync<long>("SELECT count(*) FROM inbox_messages WHERE message_id = $1", id));
        await second.StopAsync();
    }

    [Fact]
    public async Task An_event_delivered_twice_changes_state_once()
    {
        using var host = Build();
        await host.StartAsync();
        var bus = host.Services.GetRequiredService<IBus>();
        var id = Guid.NewGuid();

        for (var i = 0; i < 2; i++)
        {
            await bus.Publish(new ThingChanged(id, "epsilon"), context => context.MessageId = id);
        }

        await WaitUntilAsync(async () => _log.CountOf(id) == 2 && await ValueOfAsync("epsilon") is not null);
        await Task.Delay(500);
        Assert.Equal(1, await ValueOfAsync("epsilon"));
        Assert.Equal(1L, await ScalarAsync<long>("SELECT count(*) FROM inbox_messages WHERE message_id = $1", id));
        await host.StopAsync();
    }

    [Fact]
    public async Task Migrations_apply_once_and_refuse_an_edited_script()
    {
        using var host = Build();
        var migrator = host.Services.GetRequiredService<SchemaMigrator>();
        await migrator.MigrateAsync(CancellationToken.None);
        await migrator.MigrateAsync(CancellationToken.None);
        var applied = await ScalarAsync<long>("SELECT count(*) FROM schema_migrations");
        Assert.True(applied >= 2, $"expected the shared and the test migrations, found {applied}");

        await ExecuteAsync("UPDATE schema_migrations SET checksum = 'edited' WHERE id = 'outbox_test/0001_things'");
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => migrator.MigrateAsync(CancellationToken.None));
        Assert.Contains("outbox_test/0001_things", error.Message, StringComparison.Ordinal);
    }

    private IHost Build() => OutboxTestHost.Build(postgres.ConnectionString, rabbitMq.AmqpUri, _log);

    private static async Task<Guid> CommitChangeAsync(IHost host, string name)
    {
        var database = host.Services.GetRequiredService<ServiceDatabase>();
        var id = Guid.NewGuid();
        await using var change = await database.BeginAsync(CancellationToken.None);
        await change.PublishAsync(id, new ThingChanged(id, name), CancellationToken.None);
        await change.CommitAsync(CancellationToken.None);
        return id;
    }

    private async Task<int?> ValueOfAsync(string name) =>
        await ScalarAsync<int?>("SELECT value FROM things WHERE name = $1", name);

    private async Task<bool> IsPublishedAsync(Guid id) =>
        await ScalarAsync<bool>("SELECT published_at IS NOT NULL FROM outbox_messages WHERE id = $1", id);

    private async Task<T> ScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.AddWithValue(parameter);
        }

        var value = await command.ExecuteScalarAsync();
        return value is null or DBNull ? default! : (T)value;
    }

    private async Task ExecuteAsync(string sql, params object[] parameters)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.AddWithValue(parameter);
        }

        await command.ExecuteNonQueryAsync();
    }

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(postgres.ConnectionString) { SearchPath = OutboxTestHost.Schema }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Condition not met within {Patience.TotalSeconds} s.");
            }

            await Task.Delay(50);
        }
    }
}
