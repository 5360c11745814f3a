using BudgetMesh.Intake.Audit;
using BudgetMesh.ServiceDefaults.Messaging;
using Npgsql;

namespace BudgetMesh.Intake.Status;

/// <summary>A revision as locked for a status change.</summary>
internal sealed record RevisionState(Guid SubmissionId, int Revision, string ContentHash, RevisionStatus Status, int LatestRevision, string DistrictCode, int? Errors, DateTimeOffset ReceivedAt);

/// <summary>
/// Writes status changes: the revision row, its history, the audit entry and a NOTIFY for watchers, all in
/// the caller's transaction. The NOTIFY is delivered only when that transaction commits, to every replica.
/// </summary>
internal sealed class StatusWriter(TimeProvider time)
{
    public const string Channel = "intake_status";

    /// <summary>Reads a revision and locks its row until the transaction ends, so its changes are serialised.</summary>
    public static async Task<RevisionState?> LockAsync(ChangeTransaction change, Guid submissionId, int revision, CancellationToken cancellationToken)
    {
        await using var command = change.Command("""
            SELECT r.content_hash, r.status, s.latest_revision, s.district_code, r.errors, r.received_at
            FROM revisions r JOIN submissions s ON s.id = r.submission_id
            WHERE r.submission_id = $1 AND r.revision = $2
            FOR UPDATE OF r
            """);
        command.Parameters.AddWithValue(submissionId);
        command.Parameters.AddWithValue(revision);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new RevisionState(submissionId, revision, reader.GetString(0), RevisionStatusNames.Parse(reader.GetString(1)), reader.GetInt32(2),
            reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetInt32(4), reader.GetFieldValue<DateTimeOffset>(5));
    }

    /// <summary>Applies <paramref name="trigger"/> if the state machine allows it; returns the transition either way.</summary>
    public async Task<Transition> ApplyAsync(ChangeTransaction change, RevisionState state, StatusTrigger trigger, string actor, string? reason, string auditAction, CancellationToken cancellationToken)
    {
        var transition = StatusMachine.Apply(state.Status, trigger);
        if (transition.Allowed)
        {
            await WriteAsync(change, state.SubmissionId, state.Revision, transition.To, actor, reason, auditAction, time.GetUtcNow(), cancellationToken);
        }

        return transition;
    }

    /// <summary>
    /// Applies an event's trigger. An event that does not fit (unknown or superseded revision, other content,
    /// wrong order) changes nothing and is recorded in the audit trail; it is never thrown back for retry,
    /// because retrying cannot make it fit.
    /// </summary>
    public async Task<bool> ApplyEventAsync(ChangeTransaction change, string eventName, Guid submissionId, int revision, string? contentHash,
        StatusTrigger trigger, string actor, string? reason, string auditAction, CancellationToken cancellationToken)
    {
        var state = await LockAsync(change, submissionId, revision, cancellationToken);
        string? refusal;
        if (state is null)
        {
            refusal = "没有该修订版本";
        }
        else if (contentHash is not null && !string.Equals(contentHash, state.ContentHash, StringComparison.Ordinal))
        {
            refusal = "内容哈希与该修订版本不符";
        }
        else
        {
            refusal = (await ApplyAsync(change, state, trigger, actor, reason, auditAction, cancellationToken)).Refusal;
        }

        if (refusal is not null)
        {
            await AuditLog.AppendAsync(change, time.GetUtcNow(), actor, "event-ignored", submissionId, revision, $"{EventWords(eventName)}：{refusal}", cancellationToken);
        }

        return refusal is null;
    }

    // How the audit trail names an event for the operators who read it.
    private static string EventWords(string eventName) => eventName switch
    {
        "ReconciliationStarted" => "“开始校核”通知",
        "BudgetReconciled" => "“校核完成”通知",
        "DisclosurePublished" => "“已发布”通知",
        "DisclosureRetracted" => "“已撤回”通知",
        _ => "服务通知",
    };

    public static async Task WriteAsync(ChangeTransaction change, Guid submissionId, int revision, RevisionStatus status, string actor, string? reason, string auditAction, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var batch = change.Batch();
        AddWrite(batch, submissionId, revision, status, actor, reason, auditAction, at, notify: true);
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// The statements of <see cref="WriteAsync"/>, appended to a batch so a handler sends its whole change in one
    /// round trip. <paramref name="notify"/> false only where nobody can be watching yet: a NOTIFY makes PostgreSQL
    /// serialise the commit (and its WAL flush) with every other notifying transaction.
    /// </summary>
    public static void AddWrite(NpgsqlBatch batch, Guid submissionId, int revision, RevisionStatus status, string actor, string? reason, string auditAction, DateTimeOffset at, bool notify)
    {
        var update = new NpgsqlBatchCommand("UPDATE revisions SET status = $3, status_changed_at = $4 WHERE submission_id = $1 AND revision = $2");
        update.Parameters.AddWithValue(submissionId);
        update.Parameters.AddWithValue(revision);
        update.Parameters.AddWithValue(status.ToName());
        update.Parameters.AddWithValue(at);
        batch.BatchCommands.Add(update);
        AddHistory(batch, submissionId, revision, status, actor, reason, at);

        var touch = new NpgsqlBatchCommand("UPDATE submissions SET updated_at = $2 WHERE id = $1");
        touch.Parameters.AddWithValue(submissionId);
        touch.Parameters.AddWithValue(at);
        batch.BatchCommands.Add(touch);

        batch.BatchCommands.Add(AuditLog.AppendCommand(at, actor, auditAction, submissionId, revision, reason));
        if (notify)
        {
            AddNotify(batch, submissionId);
        }
    }

    /// <summary>A status_history row.</summary>
    public static void AddHistory(NpgsqlBatch batch, Guid submissionId, int revision, RevisionStatus status, string actor, string? reason, DateTimeOffset at)
    {
        var history = new NpgsqlBatchCommand("INSERT INTO status_history (submission_id, revision, status, at, actor, reason) VALUES ($1, $2, $3, $4, $5, $6)");
        history.Parameters.AddWithValue(submissionId);
        history.Parameters.AddWithValue(revision);
        history.Parameters.AddWithValue(status.ToName());
        history.Parameters.AddWithValue(at);
        history.Parameters.AddWithValue(actor);
        history.Parameters.AddWithValue((object?)reason ?? DBNull.Value);
        batch.BatchCommands.Add(history);
    }

    /// <summary>Wakes this submission's watchers once the transaction commits.</summary>
    public static void AddNotify(NpgsqlBatch batch, Guid submissionId)
    {
        var notify = new NpgsqlBatchCommand($"SELECT pg_notify('{Channel}', $1)");
        notify.Parameters.AddWithValue(submissionId.ToString());
        batch.BatchCommands.Add(notify);
    }

    /// <summary>Keeps the report's counts with the revision, for summaries and the approval gate.</summary>
    public static async Task RecordReportAsync(ChangeTransaction change, Guid submissionId, int revision, Guid reportId, int errors, int warnings, int infos, int reviews, CancellationToken cancellationToken)
    {
        await using var command = change.Command("""
            UPDATE revisions SET report_id = $3, errors = $4, warnings = $5, infos = $6, reviews = $7
            WHERE submission_id = $1 AND revision = $2
            """);
        command.Parameters.AddWithValue(submissionId);
        command.Parameters.AddWithValue(revision);
        command.Parameters.AddWithValue(reportId);
        command.Parameters.AddWithValue(errors);
        command.Parameters.AddWithValue(warnings);
        command.Parameters.AddWithValue(infos);
        command.Parameters.AddWithValue(reviews);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
