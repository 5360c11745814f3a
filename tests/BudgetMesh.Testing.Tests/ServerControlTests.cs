using System.Text;
using BudgetMesh.Testing.Processes;
using Npgsql;
using RabbitMQ.Client;
using Xunit;
using Xunit.Abstractions;

namespace BudgetMesh.Testing.Tests;

/// <summary>What later fault tests rely on: kill -9 and restart on the same port and data, committed work survives.
/// Dedicated servers, so the shared ones other classes use are never disturbed.</summary>
public sealed class ServerControlTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Postgres_keeps_committed_rows_across_kill_and_restart_on_the_same_port()
    {
        await using var server = await PostgresServer.StartAsync();
        output.WriteLine($"postgres start (pg_ctl -w start, after initdb): {server.LastStartDuration.TotalMilliseconds:F0} ms");
        var database = await server.CreateDatabaseAsync();
        var connectionString = server.ConnectionStringFor(database) + ";Pooling=false";
        await ExecuteAsync(connectionString, "CREATE TABLE ledger (id int); INSERT INTO ledger VALUES (1)");
        var port = server.Port;
        var killed = server.Pid!.Value;
        var backends = ProcessTree.Collect([killed]);

        await server.KillAsync();
        Assert.Null(server.Pid);
        Assert.All(backends, pid => Assert.False(ProcessTree.IsAlive(pid)));

        await server.RestartAsync();
        output.WriteLine($"postgres restart after kill -9 (crash recovery): {server.LastStartDuration.TotalMilliseconds:F0} ms");
        Assert.Equal(port, server.Port);
        Assert.NotEqual(killed, server.Pid);
        Assert.Equal(1L, await ScalarAsync(connectionString, "SELECT count(*) FROM ledger"));

        await server.StopAsync();
        Assert.Null(server.Pid);
        await server.RestartAsync();
        Assert.Equal(1L, await ScalarAsync(connectionString, "SELECT count(*) FROM ledger"));
    }

    [Fact]
    public async Task RabbitMq_keeps_confirmed_persistent_messages_across_kill_and_restart_on_the_same_port()
    {
        await using var server = await RabbitMqServer.StartAsync();
        output.WriteLine($"rabbitmq start (to first AMQP handshake): {server.LastStartDuration.TotalMilliseconds:F0} ms");
        var virtualHost = await server.CreateVirtualHostAsync();
        var factory = new ConnectionFactory { Uri = server.AmqpUriFor(virtualHost), AutomaticRecoveryEnabled = false };
        await using (var connection = await factory.CreateConnectionAsync())
        {
            await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(
                publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
            await channel.QueueDeclareAsync("durable", durable: true, exclusive: false, autoDelete: false);
            await channel.BasicPublishAsync("", "durable", mandatory: true, new BasicProperties { Persistent = true }, Encoding.UTF8.GetBytes("kept"));
        }

        var port = server.Port;
        var beam = server.Pid!.Value;
        var epmd = server.EpmdPid!.Value;
        await server.KillAsync();
        Assert.False(ProcessTree.IsAlive(beam));
        Assert.False(ProcessTree.IsAlive(epmd));
        Assert.Null(server.Pid);

        await server.RestartAsync();
        output.WriteLine($"rabbitmq restart after kill -9: {server.LastStartDuration.TotalMilliseconds:F0} ms");
        Assert.Equal(port, server.Port);
        Assert.NotEqual(beam, server.Pid);
        await using (var connection = await factory.CreateConnectionAsync())
        {
            await using var channel = await connection.CreateChannelAsync();
            var message = await channel.BasicGetAsync("durable", autoAck: true);
            Assert.NotNull(message);
            Assert.Equal("kept", Encoding.UTF8.GetString(message.Body.Span));
        }

        var beforeStop = server.Pid!.Value;
        await server.StopAsync();
        Assert.Null(server.Pid);
        Assert.False(ProcessTree.IsAlive(beforeStop));
        await server.RestartAsync();
        output.WriteLine($"rabbitmq restart after an orderly stop: {server.LastStartDuration.TotalMilliseconds:F0} ms");
        await using (var connection = await factory.CreateConnectionAsync())
        {
            await using var channel = await connection.CreateChannelAsync();
            Assert.Equal(0u, (await channel.QueueDeclarePassiveAsync("durable")).MessageCount);
        }

        await server.DeleteVirtualHostAsync(virtualHost);
    }

    [Fact]
    public async Task Missing_binaries_fail_loudly_with_the_install_command()
    {
        var postgres = await Assert.ThrowsAsync<InvalidOperationException>(
            () => PostgresServer.StartAsync(new PostgresBinaries("/nonexistent/postgresql/bin"), CancellationToken.None));
        Assert.Contains("apt-get install -y postgresql", postgres.Message, StringComparison.Ordinal);

        var rabbitMq = await Assert.ThrowsAsync<InvalidOperationException>(
            () => RabbitMqServer.StartAsync(new RabbitMqBinaries("/nonexistent/rabbitmq/bin"), CancellationToken.None));
        Assert.Contains("apt-get install -y rabbitmq-server", rabbitMq.Message, StringComparison.Ordinal);
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
