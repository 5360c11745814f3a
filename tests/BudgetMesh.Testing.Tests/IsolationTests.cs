using System.Collections.Concurrent;
using Npgsql;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using Xunit;

namespace BudgetMesh.Testing.Tests;

public sealed class IsolationTestsA(PostgresDatabaseFixture database, RabbitMqVirtualHostFixture broker)
    : IsolationTests("a", "b", database, broker), IClassFixture<PostgresDatabaseFixture>, IClassFixture<RabbitMqVirtualHostFixture>
{
    [Fact]
    public Task This_class_sees_none_of_the_other_classes_data() => RunAsync();
}

public sealed class IsolationTestsB(PostgresDatabaseFixture database, RabbitMqVirtualHostFixture broker)
    : IsolationTests("b", "a", database, broker), IClassFixture<PostgresDatabaseFixture>, IClassFixture<RabbitMqVirtualHostFixture>
{
    [Fact]
    public Task This_class_sees_none_of_the_other_classes_data() => RunAsync();
}

/// <summary>
/// Two classes that run at the same time (xunit runs test classes in parallel) write under shared names and
/// under names of their own, meet once both have written, then each checks that it sees only its own.
/// </summary>
public abstract class IsolationTests(string self, string other, PostgresDatabaseFixture database, RabbitMqVirtualHostFixture broker)
{
    private static readonly ConcurrentDictionary<string, TaskCompletionSource<(string Database, string VirtualHost)>> Written = new();

    protected async Task RunAsync()
    {
        await using var sql = new NpgsqlConnection(database.ConnectionString);
        await sql.OpenAsync();
        await ExecuteAsync(sql, $"CREATE TABLE IF NOT EXISTS marker (owner text); INSERT INTO marker VALUES ('{self}'); CREATE TABLE only_{self} (id int)");

        var factory = new ConnectionFactory { Uri = broker.AmqpUri };
        await using var amqp = await factory.CreateConnectionAsync();
        await using (var channel = await amqp.CreateChannelAsync())
        {
            await channel.QueueDeclareAsync("marker", durable: false, exclusive: false, autoDelete: false);
            await channel.QueueDeclareAsync($"only-{self}", durable: false, exclusive: false, autoDelete: false);
            await channel.BasicPublishAsync("", "marker", "x"u8.ToArray());
        }

        Slot(self).TrySetResult((database.DatabaseName, broker.VirtualHost));
        (string Database, string VirtualHost) theirs;
        try
        {
            theirs = await Slot(other).Task.WaitAsync(TimeSpan.FromMinutes(2));
        }
        catch (TimeoutException)
        {
            Assert.Fail($"IsolationTests{other.ToUpperInvariant()} never wrote its data: run both isolation classes together, in parallel.");
            throw;
        }

        Assert.NotEqual(theirs.Database, database.DatabaseName);
        Assert.NotEqual(theirs.VirtualHost, broker.VirtualHost);
        Assert.Equal(1L, await ScalarAsync(sql, "SELECT count(*) FROM marker"));
        Assert.Null(await ScalarAsync(sql, $"SELECT to_regclass('only_{other}')::text"));

        await using var check = await amqp.CreateChannelAsync();
        var deadline = DateTime.UtcNow.AddSeconds(5);
        uint count;
        while ((count = (await check.QueueDeclarePassiveAsync("marker")).MessageCount) == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.Equal(1u, count);
        var missing = await Assert.ThrowsAsync<OperationInterruptedException>(() => check.QueueDeclarePassiveAsync($"only-{other}"));
        Assert.Equal((ushort)404, missing.ShutdownReason?.ReplyCode);
    }

    private static TaskCompletionSource<(string Database, string VirtualHost)> Slot(string name) =>
        Written.GetOrAdd(name, _ => new(TaskCreationOptions.RunContinuationsAsynchronously));

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync();
        return value is DBNull ? null : value;
    }
}
