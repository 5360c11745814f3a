using BudgetMesh.ServiceDefaults.Messaging;
using Npgsql;

namespace BudgetMesh.Intake.Audit;

/// <summary>One audit row as read back.</summary>
internal sealed record AuditRow(long Id, DateTimeOffset At, string Actor, string Action, Guid? SubmissionId, int? Revision, string? Reason);

/// <summary>
/// The append-only audit trail (the table refuses UPDATE and DELETE). Entries are written in the transaction
/// of the change they describe, so there is never a change without its entry or an entry without its change.
/// </summary>
internal sealed class AuditLog(ServiceDatabase database)
{
    private const string Insert = "INSERT INTO audit_entries (at, actor, action, submission_id, revision, reason) VALUES ($1, $2, $3, $4, $5, $6)";

    public static async Task AppendAsync(ChangeTransaction change, DateTimeOffset at, string actor, string action, Guid? submissionId, int? revision, string? reason, CancellationToken cancellationToken)
    {
        await using var command = change.Command(Insert);
        AddParameters(command.Parameters, at, actor, action, submissionId, revision, reason);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary><see cref="AppendAsync"/> as a statement of the change's batch.</summary>
    public static NpgsqlBatchCommand AppendCommand(DateTimeOffset at, string actor, string action, Guid? submissionId, int? revision, string? reason)
    {
        var command = new NpgsqlBatchCommand(Insert);
        AddParameters(command.Parameters, at, actor, action, submissionId, revision, reason);
        return command;
    }

    private static void AddParameters(NpgsqlParameterCollection parameters, DateTimeOffset at, string actor, string action, Guid? submissionId, int? revision, string? reason)
    {
        parameters.AddWithValue(at);
        parameters.AddWithValue(actor);
        parameters.AddWithValue(action);
        parameters.AddWithValue((object?)submissionId ?? DBNull.Value);
        parameters.AddWithValue((object?)revision ?? DBNull.Value);
        parameters.AddWithValue((object?)reason ?? DBNull.Value);
    }

    /// <summary>Entries after <paramref name="afterId"/>, oldest first, of one submission or of everything.</summary>
    public async Task<IReadOnlyList<AuditRow>> ListAsync(Guid? submissionId, long afterId, int limit, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand("""
            SELECT id, at, actor, action, submission_id, revision, reason
            FROM audit_entries
            WHERE id > $1 AND ($2::uuid IS NULL OR submission_id = $2)
            ORDER BY id
            LIMIT $3
            """);
        command.Parameters.AddWithValue(afterId);
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = (object?)submissionId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
        command.Parameters.AddWithValue(limit);
        var rows = new List<AuditRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new AuditRow(
                reader.GetInt64(0),
                reader.GetFieldValue<DateTimeOffset>(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetGuid(4),
                reader.IsDBNull(5) ? null : reader.GetInt32(5),
                reader.IsDBNull(6) ? null : reader.GetString(6)));
        }

        return rows;
    }
}
