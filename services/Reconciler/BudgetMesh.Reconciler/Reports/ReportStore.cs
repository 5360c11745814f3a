using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.ServiceDefaults.Messaging;
using Google.Protobuf;
using Npgsql;

namespace BudgetMesh.Reconciler.Reports;

/// <summary>Reports in the `reconciler` schema: one per submission revision.</summary>
internal sealed class ReportStore(ServiceDatabase database)
{
    /// <summary>
    /// The INSERT of a report, as a statement of the caller's batch: after the batch has run, RecordsAffected is 0
    /// when the revision already has one. The report is stored as protobuf bytes, with the counts beside it.
    /// </summary>
    public static NpgsqlBatchCommand InsertCommand(Report report)
    {
        var command = new NpgsqlBatchCommand("""
            INSERT INTO reports (report_id, submission_id, revision, content_hash, rule_catalog_version, classification_catalog_version,
                                 errors, warnings, infos, reviews, rules, report_bytes, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
            ON CONFLICT (submission_id, revision) DO NOTHING
            """);
        command.Parameters.AddWithValue(Guid.Parse(report.ReportId));
        command.Parameters.AddWithValue(Guid.Parse(report.SubmissionId));
        command.Parameters.AddWithValue(report.Revision);
        command.Parameters.AddWithValue(report.ContentHash);
        command.Parameters.AddWithValue(report.RuleCatalogVersion);
        command.Parameters.AddWithValue(report.ClassificationCatalogVersion);
        command.Parameters.AddWithValue(report.Summary.Errors);
        command.Parameters.AddWithValue(report.Summary.Warnings);
        command.Parameters.AddWithValue(report.Summary.Infos);
        command.Parameters.AddWithValue(report.Summary.Reviews);
        command.Parameters.AddWithValue(report.Summary.Rules);
        command.Parameters.AddWithValue(report.ToByteArray());
        command.Parameters.AddWithValue(report.CreatedAt.ToDateTimeOffset());
        return command;
    }

    /// <summary>The report of a revision (0 = the latest reconciled one), or null.</summary>
    public async Task<Report?> FindAsync(Guid submissionId, int revision, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand(revision > 0
            ? "SELECT report_bytes, report::text FROM reports WHERE submission_id = $1 AND revision = $2"
            : "SELECT report_bytes, report::text FROM reports WHERE submission_id = $1 ORDER BY revision DESC LIMIT 1");
        command.Parameters.AddWithValue(submissionId);
        if (revision > 0)
        {
            command.Parameters.AddWithValue(revision);
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        // Reports stored before migration 0002 have only their JSON form.
        return reader.IsDBNull(0) ? Report.Parser.ParseJson(reader.GetString(1)) : Report.Parser.ParseFrom(reader.GetFieldValue<byte[]>(0));
    }

    /// <summary>How many reports a revision has (tests prove it is never more than one).</summary>
    public async Task<int> CountAsync(Guid submissionId, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand("SELECT count(*) FROM reports WHERE submission_id = $1");
        command.Parameters.AddWithValue(submissionId);
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }
}
