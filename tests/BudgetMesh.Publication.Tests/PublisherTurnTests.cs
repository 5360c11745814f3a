using BudgetMesh.Publication.Publishing;
using BudgetMesh.Testing;
using Npgsql;

namespace BudgetMesh.Publication.Tests;

/// <summary>Replicas of Publication take turns at the website work: one pass at a time.</summary>
public sealed class PublisherTurnTests(PostgresDatabaseFixture postgres) : IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public async Task A_second_replica_waits_for_the_turn_until_the_first_gives_it_up()
    {
        await using var first = NpgsqlDataSource.Create(postgres.ConnectionString);
        await using var second = NpgsqlDataSource.Create(postgres.ConnectionString);
        var turn = await PublisherTurn.TakeAsync(first, CancellationToken.None);
        var waiting = PublisherTurn.TakeAsync(second, CancellationToken.None);

        // The second replica's session is queued on the advisory lock, as PostgreSQL itself reports it.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (await WaitingForAdvisoryLockAsync(first) == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the second replica never queued on the publisher's lock");
            await Task.Delay(50);
        }

        Assert.False(waiting.IsCompleted);
        await turn.DisposeAsync();
        await using var next = await waiting.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_replica_whose_connection_dies_in_its_turn_leaves_the_turn_to_the_next()
    {
        await using var first = NpgsqlDataSource.Create(postgres.ConnectionString);
        await using var second = NpgsqlDataSource.Create(postgres.ConnectionString);
        await using var turn = await PublisherTurn.TakeAsync(first, CancellationToken.None);
        var waiting = PublisherTurn.TakeAsync(second, CancellationToken.None);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (await WaitingForAdvisoryLockAsync(first) == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the second replica never queued on the publisher's lock");
            await Task.Delay(50);
        }

        // As if the first replica were killed: its backend goes, with the session's lock.
        await using (var admin = await first.OpenConnectionAsync())
        await using (var kill = new NpgsqlCommand("""
            SELECT pg_terminate_backend(l.pid) FROM pg_locks l
            WHERE l.locktype = 'advisory' AND l.granted AND l.pid <> pg_backend_pid()
              AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
            """, admin))
        {
            await kill.ExecuteNonQueryAsync();
        }

        await using var next = await waiting.WaitAsync(TimeSpan.FromSeconds(30));
    }

    private static async Task<long> WaitingForAdvisoryLockAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted
              AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
            """);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
