using System.Diagnostics;
using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Events;
using BudgetMesh.Contracts.Intake.V1;
using BudgetMesh.Intake.Audit;
using BudgetMesh.Intake.Keys;
using BudgetMesh.Intake.Status;
using BudgetMesh.ServiceDefaults.Messaging;
using BudgetMesh.ServiceDefaults.Telemetry;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Npgsql;
using NpgsqlTypes;

namespace BudgetMesh.Intake.Submission;

/// <summary>
/// Stores a validated package as a new revision, or recognises content it already has. The revision, its
/// status, the superseding of the previous revision, the audit entries and the BudgetSubmitted event are
/// one transaction: once the receipt is sent, nothing of it can be lost.
/// </summary>
internal sealed class SubmitPackageHandler(ServiceDatabase database, TimeProvider time, IntakeMetrics metrics)
{
    public async Task<SubmitPackageResponse> HandleAsync(Caller caller, BudgetPackage package, CancellationToken cancellationToken)
    {
        var header = package.Header;
        var packageBytes = package.ToByteArray();
        var contentHash = BudgetPackage.ComputeContentHash(packageBytes);
        var now = Microseconds(time.GetUtcNow());

        await using var change = await database.BeginAsync(cancellationToken);
        var (submissionId, latest) = await LockSubmissionAsync(change, header, now, cancellationToken);
        Activity.Current.TagSubmission(submissionId);

        var previous = latest > 0 ? await StatusWriter.LockAsync(change, submissionId, latest, cancellationToken) : null;
        if (previous is not null && previous.ContentHash == contentHash)
        {
            // A retry or a resubmission of what is already there: the same receipt, nothing written.
            metrics.Received(header.DistrictCode, duplicate: true);
            return new SubmitPackageResponse { Receipt = Receipt(submissionId, latest, contentHash, previous.Status, previous.ReceivedAt), Duplicate = true };
        }

        // Everything the revision writes goes in one round trip, in the order the statements used to run one by one.
        var revision = latest + 1;
        await using var batch = change.Batch();
        batch.BatchCommands.Add(InsertRevision(submissionId, revision, contentHash, packageBytes, header, caller, now));
        StatusWriter.AddHistory(batch, submissionId, revision, RevisionStatus.Received, caller.Actor, null, now);
        batch.BatchCommands.Add(AuditLog.AppendCommand(now, caller.Actor, "submit", submissionId, revision, null));

        if (previous is not null && StatusMachine.Apply(previous.Status, new StatusTrigger.Supersede()) is { Allowed: true } supersede)
        {
            StatusWriter.AddWrite(batch, submissionId, latest, supersede.To, caller.Actor, $"被修订版本{revision}取代", "supersede", now, notify: false);
        }

        // Only an existing submission can have watchers: a new one becomes visible when this transaction commits.
        // Skipping the NOTIFY for it keeps its commit out of PostgreSQL's one-at-a-time queue of notifying commits.
        if (latest > 0)
        {
            StatusWriter.AddNotify(batch, submissionId);
        }

        var update = new NpgsqlBatchCommand("UPDATE submissions SET latest_revision = $2, department_name = $3, unit_name = $4, updated_at = $5 WHERE id = $1");
        update.Parameters.AddWithValue(submissionId);
        update.Parameters.AddWithValue(revision);
        update.Parameters.AddWithValue(header.DepartmentName);
        update.Parameters.AddWithValue(header.UnitName);
        update.Parameters.AddWithValue(now);
        batch.BatchCommands.Add(update);

        var eventId = Guid.CreateVersion7(now);
        batch.BatchCommands.Add(change.PublishCommand(eventId, new BudgetSubmitted(eventId, submissionId, revision, contentHash, header.DistrictCode, header.DepartmentCode, header.UnitCode, header.BudgetYear, now)));
        await batch.ExecuteNonQueryAsync(cancellationToken);
        await change.CommitAsync(cancellationToken);
        metrics.Received(header.DistrictCode, duplicate: false);
        return new SubmitPackageResponse { Receipt = Receipt(submissionId, revision, contentHash, RevisionStatus.Received, now), Duplicate = false };
    }

    public static Receipt Receipt(Guid submissionId, int revision, string contentHash, RevisionStatus status, DateTimeOffset receivedAt) => new()
    {
        SubmissionId = submissionId.ToString(),
        Revision = revision,
        ContentHash = contentHash,
        Status = status.ToProto(),
        ReceivedAt = Timestamp.FromDateTimeOffset(receivedAt),
    };

    /// <summary>PostgreSQL keeps microseconds: a receipt sent now must equal the one read back later.</summary>
    private static DateTimeOffset Microseconds(DateTimeOffset at) => new(at.Ticks - (at.Ticks % 10), at.Offset);

    /// <summary>
    /// Finds or creates the submission and locks it, so two concurrent submissions of the same
    /// district/department/unit/year (by <see cref="SubmissionKey"/>) queue up instead of both becoming revision N. One round trip: the SELECT
    /// runs after the INSERT, with its own snapshot, so it sees a row a concurrent submission has just committed.
    /// </summary>
    private static async Task<(Guid Id, int Latest)> LockSubmissionAsync(ChangeTransaction change, PackageHeader header, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var batch = change.Batch();
        var insert = new NpgsqlBatchCommand("""
            INSERT INTO submissions (id, district_code, department_code, unit_code, budget_year, department_name, unit_name, created_at, updated_at, department_key, unit_key)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9, $10)
            ON CONFLICT (district_code, department_key, unit_key, budget_year) DO NOTHING
            """);
        insert.Parameters.AddWithValue(Guid.CreateVersion7(now));
        insert.Parameters.AddWithValue(header.DistrictCode);
        insert.Parameters.AddWithValue(header.DepartmentCode);
        insert.Parameters.AddWithValue(header.UnitCode);
        insert.Parameters.AddWithValue(header.BudgetYear);
        insert.Parameters.AddWithValue(header.DepartmentName);
        insert.Parameters.AddWithValue(header.UnitName);
        insert.Parameters.AddWithValue(now);
        insert.Parameters.AddWithValue(SubmissionKey.Department(header));
        insert.Parameters.AddWithValue(SubmissionKey.Unit(header));
        batch.BatchCommands.Add(insert);

        var select = new NpgsqlBatchCommand("""
            SELECT id, latest_revision FROM submissions
            WHERE district_code = $1 AND department_key = $2 AND unit_key = $3 AND budget_year = $4
            FOR UPDATE
            """);
        select.Parameters.AddWithValue(header.DistrictCode);
        select.Parameters.AddWithValue(SubmissionKey.Department(header));
        select.Parameters.AddWithValue(SubmissionKey.Unit(header));
        select.Parameters.AddWithValue(header.BudgetYear);
        batch.BatchCommands.Add(select);

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetGuid(0), reader.GetInt32(1));
    }

    /// <summary>
    /// The revision row. The package is stored once, as the bytes received; package_json keeps only the header
    /// (district, department, unit, year, names: what people filter on in ad-hoc queries). Formatting the whole
    /// package as JSON and having PostgreSQL parse it into jsonb cost more CPU than everything else a submission does.
    /// </summary>
    private static NpgsqlBatchCommand InsertRevision(Guid submissionId, int revision, string contentHash, byte[] packageBytes, PackageHeader header, Caller caller, DateTimeOffset now)
    {
        var command = new NpgsqlBatchCommand("""
            INSERT INTO revisions (submission_id, revision, content_hash, package_bytes, package_json, status, received_at, submitted_by, status_changed_at, trace_parent, trace_state)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $7, $9, $10)
            """);
        command.Parameters.AddWithValue(submissionId);
        command.Parameters.AddWithValue(revision);
        command.Parameters.AddWithValue(contentHash);
        command.Parameters.AddWithValue(packageBytes);
        command.Parameters.Add(new NpgsqlParameter { Value = "{\"header\":" + JsonFormatter.Default.Format(header) + "}", NpgsqlDbType = NpgsqlDbType.Jsonb });
        command.Parameters.AddWithValue(RevisionStatus.Received.ToName());
        command.Parameters.AddWithValue(now);
        command.Parameters.AddWithValue(caller.Actor);
        var (traceParent, traceState) = RevisionTrace.Current();
        command.Parameters.Add(new NpgsqlParameter { Value = traceParent, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = traceState, NpgsqlDbType = NpgsqlDbType.Text });
        return command;
    }
}
