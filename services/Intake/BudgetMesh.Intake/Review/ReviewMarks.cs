using BudgetMesh.Intake.Audit;
using BudgetMesh.Intake.Keys;
using BudgetMesh.ServiceDefaults.Messaging;

namespace BudgetMesh.Intake.Review;

/// <summary>What a change of an operator's marks came to.</summary>
internal enum MarkOutcome
{
    Done,
    NotFound,

    /// <summary>The revision is not the latest: a reviewed mark is for what is now under review.</summary>
    NotLatest,
}

/// <summary>
/// Operators' working marks on a submission, beside its status: the revision marked reviewed (已审阅) and the operator
/// it is assigned to. Each change and its audit entry (action review, unreview, assign, unassign, with actor and
/// time) commit together. Marks never change a status.
/// </summary>
internal sealed class ReviewMarks(ServiceDatabase database, TimeProvider time)
{
    public async Task<MarkOutcome> MarkReviewedAsync(Caller caller, Guid submissionId, int revision, bool reviewed, CancellationToken cancellationToken)
    {
        await using var change = await database.BeginAsync(cancellationToken);
        var latest = await LockAsync(change, submissionId, cancellationToken);
        if (latest is null)
        {
            return MarkOutcome.NotFound;
        }

        if (latest != revision)
        {
            return MarkOutcome.NotLatest;
        }

        var now = time.GetUtcNow();
        await using (var update = change.Command("""
            UPDATE submissions SET reviewed_revision = $2, reviewed_by = $3, reviewed_at = $4 WHERE id = $1
            """))
        {
            update.Parameters.AddWithValue(submissionId);
            update.Parameters.AddWithValue(reviewed ? (object)revision : DBNull.Value);
            update.Parameters.AddWithValue(reviewed ? (object)caller.Actor : DBNull.Value);
            update.Parameters.AddWithValue(reviewed ? (object)now : DBNull.Value);
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        await AuditLog.AppendAsync(change, now, caller.Actor, reviewed ? "review" : "unreview", submissionId, revision,
            reviewed ? "标记为已审阅" : "取消已审阅标记", cancellationToken);
        await change.CommitAsync(cancellationToken);
        return MarkOutcome.Done;
    }

    /// <summary>Assigns the submission to <paramref name="assignee"/> (already checked to be an operator), or clears it when null.</summary>
    public async Task<MarkOutcome> AssignAsync(Caller caller, Guid submissionId, string? assignee, CancellationToken cancellationToken)
    {
        await using var change = await database.BeginAsync(cancellationToken);
        var latest = await LockAsync(change, submissionId, cancellationToken);
        if (latest is null)
        {
            return MarkOutcome.NotFound;
        }

        var now = time.GetUtcNow();
        await using (var update = change.Command("UPDATE submissions SET assignee = $2, assigned_by = $3, assigned_at = $4 WHERE id = $1"))
        {
            update.Parameters.AddWithValue(submissionId);
            update.Parameters.AddWithValue((object?)assignee ?? DBNull.Value);
            update.Parameters.AddWithValue(assignee is null ? DBNull.Value : (object)caller.Actor);
            update.Parameters.AddWithValue(assignee is null ? DBNull.Value : (object)now);
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        await AuditLog.AppendAsync(change, now, caller.Actor, assignee is null ? "unassign" : "assign", submissionId, latest,
            assignee is null ? "取消分派" : $"分派给 {assignee}", cancellationToken);
        await change.CommitAsync(cancellationToken);
        return MarkOutcome.Done;
    }

    private static async Task<int?> LockAsync(ChangeTransaction change, Guid submissionId, CancellationToken cancellationToken)
    {
        await using var command = change.Command("SELECT latest_revision FROM submissions WHERE id = $1 FOR UPDATE");
        command.Parameters.AddWithValue(submissionId);
        return await command.ExecuteScalarAsync(cancellationToken) is int latest ? latest : null;
    }
}
