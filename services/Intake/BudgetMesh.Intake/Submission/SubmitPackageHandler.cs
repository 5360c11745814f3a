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
using NpgsqlTypes;

namespace BudgetMesh.Intake.Submission;

/// <summary>
/// Stores a validated package as a new revision, or recognises content it already has. The revision, its
/// status, the superseding of the previous revision, the audit entries and the BudgetSubmitted event are
/// one transaction: once the receipt is sent, nothing of it can be lost.
/// </summary>
internal sealed class SubmitPackageHandler(ServiceDatabase database, TimeProvider time)
{
    public async Task<SubmitPackageResponse> HandleAsync(Caller caller, BudgetPackage package, CancellationToken cancellationToken)
    {
        var header = package.Header;
        var contentHash = package.ComputeContentHash();
        var now = Microseconds(time.GetUtcNow());

        await using var change = await database.BeginAsync(cancellationToken);
        var (submissionId, latest) = await LockSubmissionAsync(change, header, now, cancellationToken);
        Activity.Current.TagSubmission(submissionId);

        var previous = latest > 0 ? await StatusWriter.LockAsync(change, submissionId, latest, cancellationToken) : null;
        if (previous is not null && previous.ContentHash == contentHash)
        {
            // A retry or a resubmission of what is already there: the same receipt, nothing written.
            return new SubmitPackageResponse { Receipt = Receipt(submissionId, latest, contentHash, previous.Status, previous.ReceivedAt), Duplicate = true };
        }

        var revision = latest + 1;
        await InsertRevisionAsync(change, submissionId, revision, contentHash, package, caller, now, cancellationToken);
        await StatusWriter.WriteAsync(change, submissionId, revision, RevisionStatus.Received, caller.Actor, null, "submit", now, cancellationToken);

        if (previous is not null && StatusMachine.Apply(previous.Status, new StatusTrigger.Supersede()) is { Allowed: true } supersede)
        {
            await StatusWriter.WriteAsync(change, submissionId, latest, supersede.To, caller.Actor, $"被修订版本{revision}取代 / superseded by revision {revision}", "supersede", now, cancellationToken);
        }

        await using (var update = change.Command("UPDATE submissions SET latest_revision = $2, department_name = $3, unit_name = $4, updated_at = $5 WHERE id = $1"))
        {
            update.Parameters.AddWithValue(submissionId);
            update.Parameters.AddWithValue(revision);
            update.Parameters.AddWithValue(header.DepartmentName);
            update.Parameters.AddWithValue(header.UnitName);
            update.Parameters.AddWithValue(now);
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        var eventId = Guid.CreateVersion7(now);
        await change.PublishAsync(eventId, new BudgetSubmitted(eventId, submissionId, revision, contentHash, header.DistrictCode, header.DepartmentCode, header.UnitCode, header.BudgetYear, now), cancellationToken);
        await change.CommitAsync(cancellationToken);
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
    /// district/department/unit/year queue up instead of both becoming revision N.
    /// </summary>
    private static async Task<(Guid Id, int Latest)> LockSubmissionAsync(ChangeTransaction change, PackageHeader header, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using (var insert = change.Command("""
            INSERT INTO submissions (id, district_code, department_code, unit_code, budget_year, department_name, unit_name, created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
            ON CONFLICT (district_code, department_code, unit_code, budget_year) DO NOTHING
            """))
        {
            insert.Parameters.AddWithValue(Guid.CreateVersion7(now));
            insert.Parameters.AddWithValue(header.DistrictCode);
            insert.Parameters.AddWithValue(header.DepartmentCode);
            insert.Parameters.AddWithValue(header.UnitCode);
            insert.Parameters.AddWithValue(header.BudgetYear);
            insert.Parameters.AddWithValue(header.DepartmentName);
            insert.Parameters.AddWithValue(header.UnitName);
            insert.Parameters.AddWithValue(now);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var select = change.Command("""
            SELECT id, latest_revision FROM submissions
            WHERE district_code = $1 AND department_code = $2 AND unit_code = $3 AND budget_year = $4
            FOR UPDATE
            """);
        select.Parameters.AddWithValue(header.DistrictCode);
        select.Parameters.AddWithValue(header.DepartmentCode);
        select.Parameters.AddWithValue(header.UnitCode);
        select.Parameters.AddWithValue(header.BudgetYear);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetGuid(0), reader.GetInt32(1));
    }

    private static async Task InsertRevisionAsync(ChangeTransaction change, Guid submissionId, int revision, string contentHash, BudgetPackage package, Caller caller, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = change.Command("""
            INSERT INTO revisions (submission_id, revision, content_hash, package_bytes, package_json, status, received_at, submitted_by, status_changed_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $7)
            """);
        command.Parameters.AddWithValue(submissionId);
        command.Parameters.AddWithValue(revision);
        command.Parameters.AddWithValue(contentHash);
        command.Parameters.AddWithValue(package.ToByteArray());
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = JsonFormatter.Default.Format(package), NpgsqlDbType = NpgsqlDbType.Jsonb });
        command.Parameters.AddWithValue(RevisionStatus.Received.ToName());
        command.Parameters.AddWithValue(now);
        command.Parameters.AddWithValue(caller.Actor);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
