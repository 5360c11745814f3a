using System.Text;
using Npgsql;
using RabbitMQ.Client;
using Xunit;

namespace BudgetMesh.Testing.Tests;

/// <summary>The way integration tests use the fixtures: one database and one virtual host per class, reset before each test.</summary>
public sealed class FixtureTests(PostgresDatabaseFixture database, RabbitMqVirtualHostFixture broker)
    : IClassFixture<PostgresDatabaseFixture>, IClassFixture<RabbitMqVirtualHostFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => database.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_sql_round_trip_runs_in_the_class_database()
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using (var create = new NpgsqlCommand("CREATE TABLE budget_line (code text PRIMARY KEY, amount numeric(18,2) NOT NULL)", connection))
        {
            await create.ExecuteNonQueryAsync();
        }

        await using (var insert = new NpgsqlCommand("INSERT INTO budget_line VALUES ($1, $2)", connection))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = "2010301 行政运行" });
            insert.Parameters.Add(new NpgsqlParameter { Value = 1234.56m });
            await insert.ExecuteNonQueryAsync();
        }

        await using var select = new NpgsqlCommand("SELECT current_database(), code, amount FROM budget_line", connection);
        await using var reader = await select.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(database.DatabaseName, reader.GetString(0));
        Assert.Equal("2010301 行政运行", reader.GetString(1));
        Assert.Equal(1234.56m, reader.GetDecimal(2));
    }

    [Fact]
    public async Task Reset_empties_every_schema_but_keeps_the_schemas()
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await ExecuteAsync(connection, "CREATE SCHEMA intake; CREATE TABLE intake.package (id int); CREATE TABLE public.leftover (id int); CREATE TYPE intake.state AS ENUM ('a')");

        await database.ResetAsync();

        Assert.Equal(0L, await ScalarAsync(connection, "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname IN ('intake', 'public')"));
        Assert.Equal(0L, await ScalarAsync(connection, "SELECT count(*) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'intake'"));
        Assert.Equal(1L, await ScalarAsync(connection, "SELECT count(*) FROM pg_namespace WHERE nspname = 'intake'"));
        await ExecuteAsync(connection, "CREATE TABLE public.again (id int); CREATE TABLE intake.again (id int)");
    }

    [Fact]
    public async Task An_amqp_round_trip_runs_in_the_class_virtual_host()
    {
        Assert.EndsWith("/" + broker.VirtualHost, broker.AmqpUri.AbsolutePath, StringComparison.Ordinal);
        var factory = new ConnectionFactory { Uri = broker.AmqpUri };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        await channel.QueueDeclareAsync("round-trip", durable: false, exclusive: false, autoDelete: false);
        await channel.BasicPublishAsync("", "round-trip", Encoding.UTF8.GetBytes("预算已提交"));

        BasicGetResult? message = null;
        for (var i = 0; i < 50 && message is null; i++)
        {
            message = await channel.BasicGetAsync("round-trip", autoAck: true);
            if (message is null)
            {
                await Task.Delay(20);
            }
        }

        Assert.NotNull(message);
        Assert.Equal("预算已提交", Encoding.UTF8.GetString(message.Body.Span));
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
