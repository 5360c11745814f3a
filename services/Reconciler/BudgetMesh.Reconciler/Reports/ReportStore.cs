using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.ServiceDefaults.Messaging;
using Google.Protobuf;
using Npgsql;
using NpgsqlTypes;

namespace BudgetMesh.Reconciler.Reports;

/// <summary>Reports in the `reconciler` schema: one per submission revision.</summary>
internal sealed class ReportStore(ServiceDatabase database)
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(false));

    /// <summary>Whether a report exists for the revision (a cheap check before fetching and calling peers).</summary>
    public async Task<bool> ExistsAsync(Guid submissionId, int revision, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand("SELECT 1 FROM reports WHERE submission_id = $1 AND revision = $2");
        command.Parameters.AddWithValue(submissionId);
        command.Parameters.AddWithValue(revision);
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    /// <summary>Inserts the report in the caller's transaction; false when the revision already has one.</summary>
    public static async Task<bool> TryInsertAsync(ChangeTransaction transaction, Report report, CancellationToken cancellationToken)
    {
        await using var command = transaction.Command("""
            INSERT INTO reports (report_id, submission_id, revision, content_hash, rule_catalog_version, classification_catalog_version,
                                 errors, warnings, infos, reviews, rules, report, created_at)
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
        command.Parameters.Add(new NpgsqlParameter { Value = Formatter.Format(report), NpgsqlDbType = NpgsqlDbType.Jsonb });
        command.Parameters.AddWithValue(report.CreatedAt.ToDateTimeOffset());
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>The report of a revision (0 = the latest reconciled one), or null.</summary>
    public async Task<Report?> FindAsync(Guid submissionId, int revision, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand(revision > 0
            ? "SELECT report::text FROM reports WHERE submission_id = $1 AND revision = $2"
            : "SELECT report::text FROM reports WHERE submission_id = $1 ORDER BY revision DESC LIMIT 1");
        command.Parameters.AddWithValue(submissionId);
        if (revision > 0)
        {
            command.Parameters.AddWithValue(revision);
        }

        return await command.ExecuteScalarAsync(cancellationToken) is string json ? Report.Parser.ParseJson(json) : null;
    }

    /// <summary>How many reports a revision has (tests prove it is never more than one).</summary>
    public async Task<int> CountAsync(Guid submissionId, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand("SELECT count(*) FROM reports WHERE submission_id = $1");
        command.Parameters.AddWithValue(submissionId);
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }
}
