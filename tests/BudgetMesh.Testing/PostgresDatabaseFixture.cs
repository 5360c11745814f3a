using Npgsql;
using Xunit;

namespace BudgetMesh.Testing;

/// <summary>
/// A fresh, empty database on the shared PostgreSQL server for one test class (use as
/// <c>IClassFixture&lt;PostgresDatabaseFixture&gt;</c>); dropped when the class is done.
/// </summary>
public sealed class PostgresDatabaseFixture : IAsyncLifetime
{
    // One statement server-side, so a reset before every test costs one round trip.
    private const string ResetSql = """
        SET lock_timeout = '10s';
        DO $$
        DECLARE s record;
        BEGIN
          FOR s IN
            SELECT n.nspname, pg_get_userbyid(n.nspowner) AS owner
            FROM pg_namespace n
            WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
              AND n.nspname NOT LIKE 'pg\_temp\_%' AND n.nspname NOT LIKE 'pg\_toast\_temp\_%'
          LOOP
            EXECUTE format('DROP SCHEMA %I CASCADE', s.nspname);
            EXECUTE format('CREATE SCHEMA %I AUTHORIZATION %I', s.nspname, s.owner);
            IF s.nspname = 'public' THEN
              EXECUTE 'GRANT USAGE ON SCHEMA public TO PUBLIC';
            END IF;
          END LOOP;
        END $$;
        """;

    private PostgresServer? server;
    private string? databaseName;

    public PostgresServer Server => server ?? throw NotInitialized();

    public string DatabaseName => databaseName ?? throw NotInitialized();

    /// <summary>Superuser connection string to this class's database (pooled).</summary>
    public string ConnectionString => Server.ConnectionStringFor(DatabaseName);

    public async Task InitializeAsync()
    {
        server = await PostgresServer.GetSharedAsync();
        databaseName = await server.CreateDatabaseAsync();
    }

    public async Task DisposeAsync()
    {
        if (server is not null && databaseName is not null)
        {
            await server.DropDatabaseAsync(databaseName);
        }
    }

    /// <summary>
    /// Drops every non-system schema (tables, types, functions and all) and recreates it empty with its owner,
    /// for a clean state before each test. Schemas a migration created come back empty, not missing.
    /// </summary>
    public async Task ResetAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(ResetSql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static InvalidOperationException NotInitialized() =>
        new("The fixture is not initialized: use it through IClassFixture<PostgresDatabaseFixture> or call InitializeAsync first.");
}
