using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Npgsql;

namespace BudgetMesh.Reliability.Tests.Counting;

/// <summary>
/// Reads a scenario's evidence where the services keep it: Intake's submissions, revisions and status history,
/// the Reconciler's reports, every service's outbox (the events it published), Publication's history, and the
/// website's files (district index pages and each disclosure's package.json). The scenario's submissions are those
/// whose department code starts with its prefix; the receipts are what the district systems were promised.
/// </summary>
internal static partial class EvidenceReader
{
    private static readonly string[] Outboxes = ["intake", "reconciler", "publication"];

    public static async Task<Evidence> ReadAsync(string connectionString, string websiteRoot, string departmentPrefix, IReadOnlyList<HeldReceipt> receipts, CancellationToken cancellationToken = default)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false };
        await using var db = new NpgsqlConnection(builder.ConnectionString);
        await db.OpenAsync(cancellationToken);

        var revisions = await QueryAsync(db, """
            SELECT r.submission_id, r.revision, r.content_hash, s.district_code, s.budget_year, s.unit_code, coalesce(r.package_json->'header'->>'unitName', '')
            FROM intake.revisions r JOIN intake.submissions s ON s.id = r.submission_id
            WHERE s.department_code LIKE $1 || '%'
            """, [departmentPrefix], r => new StoredRevision(r.GetGuid(0), r.GetInt32(1), r.GetString(2), r.GetString(3), r.GetInt32(4), r.GetString(5), r.GetString(6)), cancellationToken);
        var ids = revisions.Select(r => r.SubmissionId).Concat(receipts.Select(r => r.SubmissionId)).Distinct().ToArray();

        var changes = await QueryAsync(db, "SELECT id, submission_id, revision, status FROM intake.status_history WHERE submission_id = ANY($1)",
            [ids], r => new StatusChange(r.GetInt64(0), r.GetGuid(1), r.GetInt32(2), r.GetString(3)), cancellationToken);
        var reports = await QueryAsync(db, "SELECT submission_id, revision, content_hash FROM reconciler.reports WHERE submission_id = ANY($1)",
            [ids], r => new ReportRow(r.GetGuid(0), r.GetInt32(1), r.GetString(2)), cancellationToken);
        var events = new List<EventRow>();
        var texts = ids.Select(i => i.ToString()).ToArray();
        foreach (var schema in Outboxes)
        {
#pragma warning disable CA2100 // The schema names are this class's constants.
            events.AddRange(await QueryAsync(db, $"""
                SELECT message_urn, payload->>'submissionId', (payload->>'revision')::int FROM {schema}.outbox_messages
                WHERE payload->>'submissionId' = ANY($1)
                """, [texts], r => new EventRow(Kind(r.GetString(0)), Guid.Parse(r.GetString(1)), r.GetInt32(2)), cancellationToken));
#pragma warning restore CA2100
        }

        var published = await QueryAsync(db, "SELECT submission_id, revision FROM publication.publication_history WHERE action = 'published' AND submission_id = ANY($1)",
            [ids], r => new PublishedRow(r.GetGuid(0), r.GetInt32(1)), cancellationToken);

        return new Evidence(receipts, revisions, changes, reports, events, published, Website(websiteRoot, revisions));
    }

    /// <summary>`budgetmesh.reconciler.budget-reconciled.v1` (or MassTransit's `urn:message:` form) → `budget-reconciled`.</summary>
    public static string Kind(string urn)
    {
        var name = urn.StartsWith("urn:message:", StringComparison.Ordinal) ? urn["urn:message:".Length..] : urn;
        var parts = name.Split('.');
        return parts.Length >= 4 ? parts[^2] : name;
    }

    /// <summary>
    /// Each unit the scenario's submissions file under: how often its district's index page lists it and which unit
    /// name the disclosure's own package.json prints.
    /// </summary>
    public static List<WebsiteDisclosure> Website(string root, IEnumerable<StoredRevision> revisions)
    {
        var disclosures = new List<WebsiteDisclosure>();
        foreach (var unit in revisions.Select(r => (r.DistrictCode, r.BudgetYear, r.UnitCode)).Distinct())
        {
            var year = unit.BudgetYear.ToString(CultureInfo.InvariantCulture);
            var index = Path.Combine(root, unit.DistrictCode, year, "index.html");
            var listings = File.Exists(index)
                ? ListedUnit().Matches(File.ReadAllText(index)).Count(m => m.Groups[1].Value == unit.UnitCode)
                : 0;
            var package = Path.Combine(root, unit.DistrictCode, year, unit.UnitCode, "package.json");
            disclosures.Add(new WebsiteDisclosure(unit.DistrictCode, unit.BudgetYear, unit.UnitCode, listings, File.Exists(package) ? UnitName(File.ReadAllText(package)) : null));
        }

        return disclosures;
    }

    private static string? UnitName(string packageJson)
    {
        using var document = JsonDocument.Parse(packageJson);
        return document.RootElement.TryGetProperty("header", out var header) && header.TryGetProperty("unitName", out var name) ? name.GetString() : null;
    }

    private static async Task<List<T>> QueryAsync<T>(NpgsqlConnection db, string sql, object[] parameters, Func<NpgsqlDataReader, T> row, CancellationToken cancellationToken)
    {
#pragma warning disable CA2100 // Test-owned constant SQL.
        await using var command = new NpgsqlCommand(sql, db);
#pragma warning restore CA2100
        foreach (var parameter in parameters)
        {
            command.Parameters.AddWithValue(parameter);
        }

        var rows = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(row(reader));
        }

        return rows;
    }

    [GeneratedRegex("<li data-unit=\"([^\"]*)\"")]
    private static partial Regex ListedUnit();
}
