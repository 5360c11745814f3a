using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Events;
using BudgetMesh.Publication.Rendering;
using BudgetMesh.ServiceDefaults.Messaging;
using Npgsql;

namespace BudgetMesh.Publication.Publishing;

/// <summary>The publication schema: one row per submission, and its append-only history.</summary>
internal sealed class PublicationStore(ServiceDatabase database)
{
    private const string ColumnsBeforePackage = """
        submission_id, revision, content_hash, state, change_no, district_code, district_name, department_code, department_name,
        unit_code, unit_name, budget_year, directory,
        """;

    private const string ColumnsAfterPackage = """
        approved_by, approved_at, override_reason, refusal_reason, files,
        published_at, announced_hash, retracted_by, retraction_reason, retracted_at, attempts, last_error, trace_parent, trace_state
        """;

    // A row as every reader but the push sees it: the package (tens of KB) stays in the database.
    private const string Columns = ColumnsBeforePackage + " NULL::bytea AS package, " + ColumnsAfterPackage;

    // A row as the publisher pushes it, rendered from the stored package.
    private const string ColumnsWithPackage = ColumnsBeforePackage + " package, " + ColumnsAfterPackage;

    /// <summary>Rows a background pass takes at most at once.</summary>
    public const int Batch = 20;

    /// <summary>
    /// Takes an approval in, inside the consumer's transaction, as pending with its revision still to be fetched (the
    /// row keeps naming what the website holds until then). An older revision than the one held is ignored (events may
    /// arrive out of order); the same revision is taken again only when it is not on its way already. Returns true
    /// when there is work.
    /// </summary>
    public static async Task<bool> AcceptApprovalAsync(ChangeTransaction change, DisclosureApproved approval, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var current = await GetAsync(change.Connection, change.Transaction, approval.SubmissionId, forUpdate: true, cancellationToken);
        if (current is not null && (approval.Revision < current.Revision
            || (approval.Revision == current.Revision && current.State is States.Pending or States.Published or States.RetractionPending)))
        {
            await HistoryAsync(change, approval.SubmissionId, approval.Revision, "approval-ignored", approval.ApprovedBy,
                $"已有第{current.Revision}版（{current.State}）", at, cancellationToken);
            return false;
        }

        await using (var command = change.Command("""
            INSERT INTO publications (submission_id, revision, content_hash, state, package, approved_by, approved_at, override_reason, refusal_reason,
                attempts, last_error, next_attempt_at, updated_at, trace_parent, trace_state)
            VALUES ($1, $2, $3, 'pending', NULL, $4, $5, $6, NULL, 0, NULL, $7, $7, $8, $9)
            ON CONFLICT (submission_id) DO UPDATE SET
                revision = EXCLUDED.revision, content_hash = EXCLUDED.content_hash, state = 'pending', change_no = publications.change_no + 1,
                package = NULL, approved_by = EXCLUDED.approved_by, approved_at = EXCLUDED.approved_at, override_reason = EXCLUDED.override_reason,
                refusal_reason = NULL, retracted_by = NULL, retraction_reason = NULL, retracted_at = NULL,
                attempts = 0, last_error = NULL, next_attempt_at = EXCLUDED.next_attempt_at, updated_at = EXCLUDED.updated_at,
                trace_parent = EXCLUDED.trace_parent, trace_state = EXCLUDED.trace_state
            """))
        {
            var p = command.Parameters;
            p.AddWithValue(approval.SubmissionId);
            p.AddWithValue(approval.Revision);
            p.AddWithValue(approval.ContentHash);
            p.AddWithValue(approval.ApprovedBy);
            p.AddWithValue(approval.OccurredAt.ToUniversalTime());
            p.AddWithValue((object?)approval.OverrideReason ?? DBNull.Value);
            p.AddWithValue(at.ToUniversalTime());
            var (traceParent, traceState) = PublisherTelemetry.Current();
            p.AddWithValue(traceParent);
            p.AddWithValue(traceState);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await HistoryAsync(change, approval.SubmissionId, approval.Revision, "approved", approval.ApprovedBy, approval.OverrideReason, at, cancellationToken);
        return true;
    }

    /// <summary>
    /// Stores what was fetched for an approval taken in: the package, for the publisher to push, or the gate's refusal.
    /// A refused revision leaves the row naming what the website still holds of an older one. False when the row
    /// changed meanwhile (a newer approval, a retraction): the fetch is then moot.
    /// </summary>
    public static async Task<bool> AttachFetchedAsync(
        ChangeTransaction change, PublicationRecord record, BudgetPackage? package, string? refusal, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var keep = package is null || (refusal is not null && record.Files.Count > 0);
        var header = keep
            ? new PackageHeader
            {
                DistrictCode = record.DistrictCode, DistrictName = record.DistrictName, DepartmentCode = record.DepartmentCode, DepartmentName = record.DepartmentName,
                UnitCode = record.UnitCode, UnitName = record.UnitName, BudgetYear = record.BudgetYear,
            }
            : package!.Header ?? new PackageHeader();
        var directory = refusal is null ? SitePaths.Directory(header) : keep ? record.Directory : string.Empty;
        await using var command = change.Command("""
            UPDATE publications SET state = $3, package = $4, refusal_reason = $5, district_code = $6, district_name = $7, department_code = $8,
                department_name = $9, unit_code = $10, unit_name = $11, budget_year = $12, directory = $13,
                attempts = 0, last_error = NULL, next_attempt_at = $14, updated_at = $14
            WHERE submission_id = $1 AND change_no = $2 AND state = 'pending' AND package IS NULL
            """);
        var p = command.Parameters;
        p.AddWithValue(record.SubmissionId);
        p.AddWithValue(record.ChangeNo);
        p.AddWithValue(refusal is null ? States.Pending : States.Refused);
        p.AddWithValue(package is null || refusal is not null ? DBNull.Value : package.ToCanonicalBytes());
        p.AddWithValue((object?)refusal ?? DBNull.Value);
        p.AddWithValue(header.DistrictCode);
        p.AddWithValue(header.DistrictName);
        p.AddWithValue(header.DepartmentCode);
        p.AddWithValue(header.DepartmentName);
        p.AddWithValue(header.UnitCode);
        p.AddWithValue(header.UnitName);
        p.AddWithValue(header.BudgetYear);
        p.AddWithValue(directory);
        p.AddWithValue(at.ToUniversalTime());
        if (await command.ExecuteNonQueryAsync(cancellationToken) != 1)
        {
            return false;
        }

        if (refusal is not null)
        {
            await HistoryAsync(change, record.SubmissionId, record.Revision, "refused", "publication", refusal, at, cancellationToken);
        }

        return true;
    }

    public async Task<PublicationRecord?> GetAsync(Guid submissionId, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        return await GetAsync(connection, null, submissionId, forUpdate: false, cancellationToken);
    }

    public static Task<PublicationRecord?> GetForUpdateAsync(ChangeTransaction change, Guid submissionId, CancellationToken cancellationToken) =>
        GetAsync(change.Connection, change.Transaction, submissionId, forUpdate: true, cancellationToken);

    public async Task<IReadOnlyList<PublicationRecord>> ListAsync(string? districtCode, int budgetYear, string? state, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand($"""
            SELECT {Columns} FROM publications
            WHERE ($1::text IS NULL OR district_code = $1) AND ($2 = 0 OR budget_year = $2) AND ($3::text IS NULL OR state = $3)
            ORDER BY updated_at DESC, submission_id
            """);
        command.Parameters.AddWithValue((object?)districtCode ?? DBNull.Value);
        command.Parameters.AddWithValue(budgetYear);
        command.Parameters.AddWithValue((object?)state ?? DBNull.Value);
        return await ReadAllAsync(command, cancellationToken);
    }

    /// <summary>Publications with website work (a fetched revision to push, a retraction) whose next attempt is due.</summary>
    public Task<IReadOnlyList<PublicationRecord>> DueAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        DueWhereAsync("(state = 'pending' AND package IS NOT NULL) OR state = 'retraction_pending'", now, cancellationToken);

    /// <summary>Approvals taken in whose revision is still to be fetched, due now.</summary>
    public Task<IReadOnlyList<PublicationRecord>> AwaitingFetchAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        DueWhereAsync("state = 'pending' AND package IS NULL", now, cancellationToken);

    private async Task<IReadOnlyList<PublicationRecord>> DueWhereAsync(string which, DateTimeOffset now, CancellationToken cancellationToken)
    {
#pragma warning disable CA2100 // The conditions are this class's constants.
        await using var command = database.DataSource.CreateCommand($"""
            SELECT {ColumnsWithPackage} FROM publications
            WHERE ({which}) AND next_attempt_at <= $1
            ORDER BY next_attempt_at LIMIT {Batch}
            """);
#pragma warning restore CA2100
        command.Parameters.AddWithValue(now.ToUniversalTime());
        return await ReadAllAsync(command, cancellationToken);
    }

    /// <summary>
    /// What the index pages list: every publication the website holds files of, except <paramref name="except"/>. Only
    /// the index's columns: the publisher reads this for every push, and the packages of a whole website would make
    /// each push cost as much as the site is large.
    /// </summary>
    public async Task<List<IndexEntry>> ListedAsync(Guid except, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand("""
            SELECT district_code, district_name, budget_year, department_name, unit_code, unit_name, directory, published_at
            FROM publications WHERE cardinality(files) > 0 AND submission_id <> $1
            """);
        command.Parameters.AddWithValue(except);
        var entries = new List<IndexEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new IndexEntry(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetString(3), reader.GetString(4),
                reader.GetString(5), reader.GetString(6), NullableTime(reader, 7)));
        }

        return entries;
    }

    /// <summary>The website confirmed the files. False when the row changed meanwhile (the publisher then goes again).</summary>
    public static async Task<bool> MarkPublishedAsync(ChangeTransaction change, PublicationRecord record, IReadOnlyList<string> files, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = change.Command("""
            UPDATE publications SET state = 'published', files = $3, published_at = $4, announced_hash = content_hash,
                attempts = 0, last_error = NULL, updated_at = $4
            WHERE submission_id = $1 AND change_no = $2 AND state = 'pending'
            """);
        command.Parameters.AddWithValue(record.SubmissionId);
        command.Parameters.AddWithValue(record.ChangeNo);
        command.Parameters.AddWithValue(files.ToArray());
        command.Parameters.AddWithValue(at.ToUniversalTime());
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1
            && await HistoryAsync(change, record.SubmissionId, record.Revision, "published", "publication", record.Directory, at, cancellationToken);
    }

    /// <summary>The website confirmed the removal.</summary>
    public static async Task<bool> MarkRetractedAsync(ChangeTransaction change, PublicationRecord record, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = change.Command("""
            UPDATE publications SET state = 'retracted', files = '{}', retracted_at = $3, announced_hash = NULL,
                attempts = 0, last_error = NULL, updated_at = $3
            WHERE submission_id = $1 AND change_no = $2 AND state = 'retraction_pending'
            """);
        command.Parameters.AddWithValue(record.SubmissionId);
        command.Parameters.AddWithValue(record.ChangeNo);
        command.Parameters.AddWithValue(at.ToUniversalTime());
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1
            && await HistoryAsync(change, record.SubmissionId, record.Revision, "retracted", record.RetractedBy ?? "", record.RetractionReason, at, cancellationToken);
    }

    /// <summary>The website or the owners of an approved revision failed: the work stays, tried again at <paramref name="next"/>.</summary>
    public async Task MarkFailedAsync(PublicationRecord record, string error, DateTimeOffset next, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand("""
            UPDATE publications SET attempts = attempts + 1, last_error = $3, next_attempt_at = $4
            WHERE submission_id = $1 AND change_no = $2
            """);
        command.Parameters.AddWithValue(record.SubmissionId);
        command.Parameters.AddWithValue(record.ChangeNo);
        command.Parameters.AddWithValue(error.Length > 1000 ? error[..1000] : error);
        command.Parameters.AddWithValue(next.ToUniversalTime());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Records who asked for a retraction and why; the publisher removes the files.</summary>
    public static async Task RequestRetractionAsync(ChangeTransaction change, PublicationRecord record, string actor, string reason, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = change.Command("""
            UPDATE publications SET state = 'retraction_pending', change_no = change_no + 1, retracted_by = $2, retraction_reason = $3,
                attempts = 0, last_error = NULL, next_attempt_at = $4, updated_at = $4, trace_parent = $5, trace_state = $6
            WHERE submission_id = $1
            """);
        command.Parameters.AddWithValue(record.SubmissionId);
        command.Parameters.AddWithValue(actor);
        command.Parameters.AddWithValue(reason);
        command.Parameters.AddWithValue(at.ToUniversalTime());
        var (traceParent, traceState) = PublisherTelemetry.Current();
        command.Parameters.AddWithValue(traceParent);
        command.Parameters.AddWithValue(traceState);
        await command.ExecuteNonQueryAsync(cancellationToken);
        await HistoryAsync(change, record.SubmissionId, record.Revision, "retract-requested", actor, reason, at, cancellationToken);
    }

    /// <summary>Sends the current revision to the website again, now.</summary>
    public static async Task RequestRepublishAsync(ChangeTransaction change, PublicationRecord record, string actor, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = change.Command("""
            UPDATE publications SET state = 'pending', change_no = change_no + 1, attempts = 0, last_error = NULL, next_attempt_at = $2, updated_at = $2,
                trace_parent = $3, trace_state = $4
            WHERE submission_id = $1
            """);
        command.Parameters.AddWithValue(record.SubmissionId);
        command.Parameters.AddWithValue(at.ToUniversalTime());
        var (traceParent, traceState) = PublisherTelemetry.Current();
        command.Parameters.AddWithValue(traceParent);
        command.Parameters.AddWithValue(traceState);
        await command.ExecuteNonQueryAsync(cancellationToken);
        await HistoryAsync(change, record.SubmissionId, record.Revision, "republish-requested", actor, null, at, cancellationToken);
    }

    private static async Task<bool> HistoryAsync(ChangeTransaction change, Guid submissionId, int revision, string action, string actor, string? reason, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = change.Command("INSERT INTO publication_history (submission_id, revision, action, actor, reason, at) VALUES ($1, $2, $3, $4, $5, $6)");
        command.Parameters.AddWithValue(submissionId);
        command.Parameters.AddWithValue(revision);
        command.Parameters.AddWithValue(action);
        command.Parameters.AddWithValue(actor);
        command.Parameters.AddWithValue((object?)reason ?? DBNull.Value);
        command.Parameters.AddWithValue(at.ToUniversalTime());
        await command.ExecuteNonQueryAsync(cancellationToken);
        return true;
    }

    private static async Task<PublicationRecord?> GetAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid submissionId, bool forUpdate, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT {Columns} FROM publications WHERE submission_id = $1" + (forUpdate ? " FOR UPDATE" : string.Empty), connection, transaction);
        command.Parameters.AddWithValue(submissionId);
        var rows = await ReadAllAsync(command, cancellationToken);
        return rows.Count == 0 ? null : rows[0];
    }

    private static async Task<IReadOnlyList<PublicationRecord>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var list = new List<PublicationRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new PublicationRecord(
                reader.GetGuid(0), reader.GetInt32(1), reader.GetString(2), reader.GetString(3), reader.GetInt32(4),
                reader.GetString(5), reader.GetString(6), reader.GetString(7), reader.GetString(8), reader.GetString(9), reader.GetString(10),
                reader.GetInt32(11), reader.GetString(12), reader.IsDBNull(13) ? null : reader.GetFieldValue<byte[]>(13),
                reader.GetString(14), reader.GetFieldValue<DateTimeOffset>(15), NullableString(reader, 16), NullableString(reader, 17),
                reader.GetFieldValue<string[]>(18), NullableTime(reader, 19), NullableString(reader, 20), NullableString(reader, 21),
                NullableString(reader, 22), NullableTime(reader, 23), reader.GetInt32(24), NullableString(reader, 25),
                NullableString(reader, 26), NullableString(reader, 27)));
        }

        return list;
    }

    private static string? NullableString(NpgsqlDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetString(i);

    private static DateTimeOffset? NullableTime(NpgsqlDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetFieldValue<DateTimeOffset>(i);
}
