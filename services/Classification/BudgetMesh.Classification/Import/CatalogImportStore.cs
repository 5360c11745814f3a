using BudgetMesh.ServiceDefaults.Messaging;

namespace BudgetMesh.Classification.Import;

/// <summary>The imported catalog files in the service's own schema (table catalog_imports).</summary>
internal sealed class CatalogImportStore(ServiceDatabase database)
{
    /// <summary>The id of the year's latest import (0 when none): a cheap fingerprint of the catalog in force.</summary>
    public async Task<long> LatestIdAsync(int budgetYear, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand("SELECT coalesce(max(id), 0) FROM catalog_imports WHERE budget_year = $1");
        command.Parameters.AddWithValue(budgetYear);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<(long LatestId, IReadOnlyList<StoredImport> Imports)> LoadAsync(int budgetYear, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, kind, is_partial, csv FROM catalog_imports WHERE budget_year = $1 ORDER BY id";
        command.Parameters.AddWithValue(budgetYear);
        return await ReadAsync(command, cancellationToken);
    }

    /// <summary>Serialises imports of one year, so each builds on the catalog the one before it left.</summary>
    public static async Task LockYearAsync(ChangeTransaction change, int budgetYear, CancellationToken cancellationToken)
    {
        await using var command = change.Command("SELECT pg_advisory_xact_lock(hashtext('classification.catalog_imports'), $1)");
        command.Parameters.AddWithValue(budgetYear);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task<IReadOnlyList<StoredImport>> LoadAsync(ChangeTransaction change, int budgetYear, CancellationToken cancellationToken)
    {
        await using var command = change.Command("SELECT id, kind, is_partial, csv FROM catalog_imports WHERE budget_year = $1 ORDER BY id");
        command.Parameters.AddWithValue(budgetYear);
        return (await ReadAsync(command, cancellationToken)).Imports;
    }

    public static async Task InsertAsync(ChangeTransaction change, int budgetYear, string kind, bool partial, byte[] csv, int entries, string version, CancellationToken cancellationToken)
    {
        await using var command = change.Command(
            "INSERT INTO catalog_imports (budget_year, kind, is_partial, csv, entries, version) VALUES ($1, $2, $3, $4, $5, $6)");
        command.Parameters.AddWithValue(budgetYear);
        command.Parameters.AddWithValue(kind);
        command.Parameters.AddWithValue(partial);
        command.Parameters.AddWithValue(csv);
        command.Parameters.AddWithValue(entries);
        command.Parameters.AddWithValue(version);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<(long LatestId, IReadOnlyList<StoredImport> Imports)> ReadAsync(Npgsql.NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var imports = new List<StoredImport>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            imports.Add(new StoredImport(reader.GetInt64(0), reader.GetString(1), reader.GetBoolean(2), (byte[])reader[3]));
        }

        return (imports.Count == 0 ? 0 : imports[^1].Id, imports);
    }
}
