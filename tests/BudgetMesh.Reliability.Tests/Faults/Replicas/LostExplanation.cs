using System.Globalization;
using System.Text;
using BudgetMesh.Testing.Topology;
using Npgsql;

namespace BudgetMesh.Reliability.Tests.Faults.Replicas;

/// <summary>
/// When a scenario counts a submission as not published, what the services hold for it: Intake's status history,
/// Publication's row (state, attempts, last error, refusal) and history, how much Publication still has pending, and
/// which queues still hold messages (an <c>_error</c> queue is where a consumer gave up). A failing run then names its
/// cause instead of leaving a count.
/// </summary>
internal static class LostExplanation
{
    private const int Shown = 5;

    public static async Task<string> DescribeAsync(ReplicaTopology topology, IReadOnlyList<Guid> unpublished)
    {
        var text = new StringBuilder();
        try
        {
            await using var db = await topology.OpenDatabaseAsync();
            text.AppendLine(CultureInfo.InvariantCulture, $"not published: {unpublished.Count}; Publication pending overall: {await ScalarAsync(db, "SELECT count(*) FROM publication.publications WHERE state = 'pending'")}");
            foreach (var id in unpublished.Take(Shown))
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"- {id}");
                text.AppendLine("  intake: " + await RowsAsync(db, "SELECT revision || ':' || status FROM intake.status_history WHERE submission_id = $1 ORDER BY id", id));
                text.AppendLine("  publication: " + await RowsAsync(db, """
                    SELECT 'r' || revision || ' ' || state || ' change ' || change_no || ' attempts ' || attempts || ' next ' || next_attempt_at
                        || coalesce(' error: ' || last_error, '') || coalesce(' refused: ' || refusal_reason, '')
                    FROM publication.publications WHERE submission_id = $1
                    """, id));
                text.AppendLine("  publication history: " + await RowsAsync(db, "SELECT 'r' || revision || ' ' || action || coalesce(' (' || reason || ')', '') FROM publication.publication_history WHERE submission_id = $1 ORDER BY id", id));
            }
        }
        catch (NpgsqlException ex)
        {
            text.AppendLine("database not readable: " + ex.Message);
        }

        try
        {
            var queues = (await topology.Broker.QueuesAsync(topology.VirtualHost)).Where(q => q.Messages > 0).ToList();
            text.AppendLine("queues holding messages: " + (queues.Count == 0 ? "none" : string.Join(", ", queues.Select(q => $"{q.Name} {q.Messages}"))));
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or System.Text.Json.JsonException)
        {
            text.AppendLine("queues not readable: " + ex.Message);
        }

        return text.ToString();
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection db, string sql)
    {
#pragma warning disable CA2100 // Test-owned constant SQL.
        await using var command = new NpgsqlCommand(sql, db);
#pragma warning restore CA2100
        return await command.ExecuteScalarAsync();
    }

    private static async Task<string> RowsAsync(NpgsqlConnection db, string sql, Guid id)
    {
#pragma warning disable CA2100 // Test-owned constant SQL.
        await using var command = new NpgsqlCommand(sql, db);
#pragma warning restore CA2100
        command.Parameters.AddWithValue(id);
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.IsDBNull(0) ? "?" : reader.GetString(0));
        }

        return rows.Count == 0 ? "none" : string.Join("; ", rows);
    }
}
