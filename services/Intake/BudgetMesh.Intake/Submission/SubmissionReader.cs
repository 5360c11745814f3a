using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Intake.V1;
using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.Intake.Status;
using BudgetMesh.ServiceDefaults.Messaging;
using Google.Protobuf.WellKnownTypes;
using Npgsql;

namespace BudgetMesh.Intake.Submission;

/// <summary>One revision as stored.</summary>
internal sealed record StoredRevision(Receipt Receipt, byte[] PackageBytes)
{
    public BudgetPackage Package() => BudgetPackage.Parser.ParseFrom(PackageBytes);
}

/// <summary>
/// Filters of a submission listing, already checked against the caller's rights. <see cref="Reviewed"/>: null = any;
/// <see cref="Assignee"/>: null = any, <see cref="AssigneeFilter.Unassigned"/> = assigned to nobody, else that operator's name.
/// </summary>
internal sealed record SubmissionFilter(string? DistrictCode, int BudgetYear, string? DepartmentCode, RevisionStatus? Status, string? Query, int Offset, int Limit,
    bool? Reviewed = null, string? Assignee = null);

/// <summary>Read side of submissions: summaries, revisions, history, listings.</summary>
internal sealed class SubmissionReader(ServiceDatabase database)
{
    private const string SummarySelect = """
        SELECT s.id, s.district_code, s.department_code, s.department_name, s.unit_code, s.unit_name, s.budget_year,
               s.latest_revision, r.status, r.errors, r.warnings, r.infos, r.reviews, r.received_at, s.updated_at,
               CASE WHEN s.reviewed_revision = s.latest_revision THEN s.reviewed_by END,
               CASE WHEN s.reviewed_revision = s.latest_revision THEN s.reviewed_at END,
               s.assignee, s.assigned_by, s.assigned_at
        FROM submissions s JOIN revisions r ON r.submission_id = s.id AND r.revision = s.latest_revision
        """;

    public async Task<SubmissionSummary?> GetSummaryAsync(Guid submissionId, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand(SummarySelect + " WHERE s.id = $1");
        command.Parameters.AddWithValue(submissionId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadSummary(reader) : null;
    }

    public async Task<IReadOnlyList<SubmissionSummary>> ListAsync(SubmissionFilter filter, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand(SummarySelect + """
             WHERE ($1::text IS NULL OR s.district_code = $1)
               AND ($2 = 0 OR s.budget_year = $2)
               AND ($3::text IS NULL OR s.department_code = $3)
               AND ($4::text IS NULL OR r.status = $4)
               AND ($5::text IS NULL OR strpos(s.department_name, $5) > 0 OR strpos(s.unit_name, $5) > 0)
               AND ($8::boolean IS NULL OR COALESCE(s.reviewed_revision = s.latest_revision, false) = $8)
               AND ($9::text IS NULL OR ($9 = $10 AND s.assignee IS NULL) OR s.assignee = $9)
             ORDER BY r.received_at DESC, s.id
             OFFSET $6 LIMIT $7
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)filter.DistrictCode ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.AddWithValue(filter.BudgetYear);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)filter.DepartmentCode ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)filter.Status?.ToName() ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)filter.Query ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.AddWithValue(filter.Offset);
        command.Parameters.AddWithValue(filter.Limit);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)filter.Reviewed ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Boolean });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)filter.Assignee ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.AddWithValue(AssigneeFilter.Unassigned);
        var summaries = new List<SubmissionSummary>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            summaries.Add(ReadSummary(reader));
        }

        return summaries;
    }

    public async Task<StoredRevision?> GetRevisionAsync(Guid submissionId, int revision, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand("SELECT content_hash, status, received_at, package_bytes FROM revisions WHERE submission_id = $1 AND revision = $2");
        command.Parameters.AddWithValue(submissionId);
        command.Parameters.AddWithValue(revision);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var receipt = SubmitPackageHandler.Receipt(submissionId, revision, reader.GetString(0), RevisionStatusNames.Parse(reader.GetString(1)), reader.GetFieldValue<DateTimeOffset>(2));
        return new StoredRevision(receipt, reader.GetFieldValue<byte[]>(3));
    }

    /// <summary>Status changes after <paramref name="afterId"/>, oldest first; of one revision, or all when null.</summary>
    public async Task<IReadOnlyList<(long Id, StatusChange Change)>> HistoryAsync(Guid submissionId, int? revision, long afterId, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand("""
            SELECT id, revision, status, at, actor, reason FROM status_history
            WHERE submission_id = $1 AND ($2::integer IS NULL OR revision = $2) AND id > $3
            ORDER BY id
            """);
        command.Parameters.AddWithValue(submissionId);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)revision ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer });
        command.Parameters.AddWithValue(afterId);
        var changes = new List<(long, StatusChange)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            changes.Add((reader.GetInt64(0), new StatusChange
            {
                Revision = reader.GetInt32(1),
                Status = RevisionStatusNames.Parse(reader.GetString(2)).ToProto(),
                At = Timestamp.FromDateTimeOffset(reader.GetFieldValue<DateTimeOffset>(3)),
                Actor = reader.GetString(4),
                Reason = reader.IsDBNull(5) ? string.Empty : reader.GetString(5),
            }));
        }

        return changes;
    }

    private static SubmissionSummary ReadSummary(NpgsqlDataReader reader)
    {
        var summary = new SubmissionSummary
        {
            SubmissionId = reader.GetGuid(0).ToString(),
            DistrictCode = reader.GetString(1),
            DepartmentCode = reader.GetString(2),
            DepartmentName = reader.GetString(3),
            UnitCode = reader.GetString(4),
            UnitName = reader.GetString(5),
            BudgetYear = reader.GetInt32(6),
            LatestRevision = reader.GetInt32(7),
            Status = RevisionStatusNames.Parse(reader.GetString(8)).ToProto(),
            ReceivedAt = Timestamp.FromDateTimeOffset(reader.GetFieldValue<DateTimeOffset>(13)),
            UpdatedAt = Timestamp.FromDateTimeOffset(reader.GetFieldValue<DateTimeOffset>(14)),
        };
        if (!reader.IsDBNull(15))
        {
            summary.ReviewedBy = reader.GetString(15);
            summary.ReviewedAt = Timestamp.FromDateTimeOffset(reader.GetFieldValue<DateTimeOffset>(16));
        }

        if (!reader.IsDBNull(17))
        {
            summary.Assignee = reader.GetString(17);
            summary.AssignedBy = reader.GetString(18);
            summary.AssignedAt = Timestamp.FromDateTimeOffset(reader.GetFieldValue<DateTimeOffset>(19));
        }

        if (!reader.IsDBNull(9))
        {
            summary.ReportSummary = new ReportSummary
            {
                Errors = reader.GetInt32(9),
                Warnings = reader.GetInt32(10),
                Infos = reader.GetInt32(11),
                Reviews = reader.GetInt32(12),
            };
        }

        return summary;
    }
}
