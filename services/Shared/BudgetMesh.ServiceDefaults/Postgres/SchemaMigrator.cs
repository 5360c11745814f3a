using Microsoft.Extensions.Logging;
using Npgsql;

namespace BudgetMesh.ServiceDefaults.Postgres;

/// <summary>
/// Applies a service's migrations to its own schema at start-up. Several replicas may start at once:
/// a transaction-level advisory lock on the schema name serialises them, and each script runs in the
/// same transaction as its history row, so a crash leaves either all of a script or none of it.
/// </summary>
public sealed class SchemaMigrator(NpgsqlDataSource dataSource, string schema, IReadOnlyList<Migration> migrations, ILogger<SchemaMigrator> logger)
{
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        await using (var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext($1))", connection, transaction))
        {
            command.Parameters.AddWithValue(schema);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await ExecuteAsync(connection, transaction, $"""
            CREATE SCHEMA IF NOT EXISTS {Quote(schema)};
            CREATE TABLE IF NOT EXISTS {Quote(schema)}.schema_migrations (
                id          text        PRIMARY KEY,
                checksum    text        NOT NULL,
                applied_at  timestamptz NOT NULL DEFAULT now()
            );
            SET LOCAL search_path TO {Quote(schema)};
            """, cancellationToken);

        var applied = new Dictionary<string, string>(StringComparer.Ordinal);
        await using (var command = new NpgsqlCommand("SELECT id, checksum FROM schema_migrations", connection, transaction))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                applied[reader.GetString(0)] = reader.GetString(1);
            }
        }

        foreach (var migration in migrations)
        {
            if (applied.TryGetValue(migration.Id, out var checksum))
            {
                if (checksum != migration.Checksum)
                {
                    throw new InvalidOperationException($"Migration {migration.Id} in schema {schema} was changed after it was applied; add a new migration instead.");
                }

                continue;
            }

            logger.LogInformation("Applying migration {Migration} to schema {Schema}", migration.Id, schema);
            await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken);
            await using var record = new NpgsqlCommand("INSERT INTO schema_migrations (id, checksum) VALUES ($1, $2)", connection, transaction);
            record.Parameters.AddWithValue(migration.Id);
            record.Parameters.AddWithValue(migration.Checksum);
            await record.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    internal static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
#pragma warning disable CA2100 // Migration scripts are embedded resources of our own assemblies, never user input.
        await using var command = new NpgsqlCommand(sql, connection, transaction);
#pragma warning restore CA2100
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
