using BudgetMesh.ServiceDefaults.Messaging;
using BudgetMesh.ThreePublicExpenses.Rules;
using Npgsql;

namespace BudgetMesh.ThreePublicExpenses.DistrictView;

/// <summary>The three_public tables: recorded figures per checked revision and what the bus said about them.</summary>
internal sealed class RevisionStore(ServiceDatabase database, TimeProvider time)
{
    private const string SelectRevisions = """
        SELECT c.submission_id, c.revision, c.district_code, c.department_code, c.department_name, c.unit_code, c.budget_year,
               c.total, c.outbound_travel, c.vehicles_subtotal, c.vehicle_purchase, c.vehicle_operation, c.reception,
               c.prior_year_total, s.reconciled_at, s.approved_at, s.published_at, s.returned_at, s.retracted_at
        FROM checked_revisions c
        LEFT JOIN revision_states s ON s.submission_id = c.submission_id AND s.revision = c.revision
        """;

    /// <summary>Records (or, for a re-check, replaces) a revision's figures; it stays pending until an event says otherwise.</summary>
    public async Task RecordAsync(RecordedRevision revision, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand("""
            INSERT INTO checked_revisions (submission_id, revision, district_code, department_code, department_name, unit_code, budget_year,
                total, outbound_travel, vehicles_subtotal, vehicle_purchase, vehicle_operation, reception, prior_year_total, checked_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
            ON CONFLICT (submission_id, revision) DO UPDATE SET
                district_code = EXCLUDED.district_code, department_code = EXCLUDED.department_code,
                department_name = EXCLUDED.department_name, unit_code = EXCLUDED.unit_code, budget_year = EXCLUDED.budget_year,
                total = EXCLUDED.total, outbound_travel = EXCLUDED.outbound_travel, vehicles_subtotal = EXCLUDED.vehicles_subtotal,
                vehicle_purchase = EXCLUDED.vehicle_purchase, vehicle_operation = EXCLUDED.vehicle_operation,
                reception = EXCLUDED.reception, prior_year_total = EXCLUDED.prior_year_total, checked_at = EXCLUDED.checked_at
            """);
        var f = revision.Figures;
        command.Parameters.AddWithValue(revision.SubmissionId);
        command.Parameters.AddWithValue(revision.Revision);
        command.Parameters.AddWithValue(revision.DistrictCode);
        command.Parameters.AddWithValue(revision.DepartmentCode);
        command.Parameters.AddWithValue(revision.DepartmentName);
        command.Parameters.AddWithValue(revision.UnitCode);
        command.Parameters.AddWithValue(revision.BudgetYear);
        foreach (var value in new[] { f.Total, f.OutboundTravel, f.VehiclesSubtotal, f.VehiclePurchase, f.VehicleOperation, f.Reception })
        {
            command.Parameters.AddWithValue(value);
        }

        command.Parameters.AddWithValue((object?)revision.PriorYearTotal ?? DBNull.Value);
        command.Parameters.AddWithValue(time.GetUtcNow());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Every recorded revision of a district (all years): the input of the pure district view.</summary>
    public async Task<IReadOnlyList<RecordedRevision>> DistrictAsync(string districtCode, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand(SelectRevisions + " WHERE c.district_code = $1");
        command.Parameters.AddWithValue(districtCode);
        var revisions = new List<RecordedRevision>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            revisions.Add(Read(reader));
        }

        return revisions;
    }

    /// <summary>
    /// The recorded revisions of one department and year: all that T4's recorded prior year needs. Reading the
    /// whole district instead made every check cost as much as the district had revisions (quadratic in load).
    /// </summary>
    public async Task<IReadOnlyList<RecordedRevision>> DepartmentYearAsync(string districtCode, string departmentCode, int budgetYear, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand(SelectRevisions + " WHERE c.district_code = $1 AND c.department_code = $2 AND c.budget_year = $3");
        command.Parameters.AddWithValue(districtCode);
        command.Parameters.AddWithValue(departmentCode);
        command.Parameters.AddWithValue(budgetYear);
        var revisions = new List<RecordedRevision>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            revisions.Add(Read(reader));
        }

        return revisions;
    }

    /// <summary>
    /// Records that the bus said <paramref name="happened"/> of the revision at <paramref name="at"/>, in the consumer's
    /// transaction. Redelivered or out-of-order events keep the latest time, so a revision's standing is decided by time.
    /// </summary>
    public static async Task MarkAsync(ChangeTransaction change, RevisionEvent happened, Guid submissionId, int revision, DateTimeOffset at, CancellationToken cancellationToken)
    {
        // The column comes from this whitelist only, never from the caller: the statement is built from constants.
        var column = happened switch
        {
            RevisionEvent.Reconciled => "reconciled_at",
            RevisionEvent.Approved => "approved_at",
            RevisionEvent.Published => "published_at",
            RevisionEvent.Returned => "returned_at",
            RevisionEvent.Retracted => "retracted_at",
            _ => throw new ArgumentOutOfRangeException(nameof(happened), happened, "unknown revision event"),
        };
        await using var command = change.Command($"""
            INSERT INTO revision_states (submission_id, revision, {column}) VALUES ($1, $2, $3)
            ON CONFLICT (submission_id, revision) DO UPDATE SET {column} = GREATEST(revision_states.{column}, EXCLUDED.{column})
            """);
        command.Parameters.AddWithValue(submissionId);
        command.Parameters.AddWithValue(revision);
        command.Parameters.AddWithValue(at.ToUniversalTime());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static RecordedRevision Read(NpgsqlDataReader reader) => new(
        reader.GetGuid(0),
        reader.GetInt32(1),
        reader.GetString(2),
        reader.GetString(3),
        reader.GetString(4),
        reader.GetString(5),
        reader.GetInt32(6),
        new ThreePublicAmounts(reader.GetDecimal(7), reader.GetDecimal(8), reader.GetDecimal(9), reader.GetDecimal(10), reader.GetDecimal(11), reader.GetDecimal(12)),
        reader.IsDBNull(13) ? null : reader.GetDecimal(13),
        reader.IsDBNull(14) ? null : reader.GetFieldValue<DateTimeOffset>(14),
        reader.IsDBNull(15) ? null : reader.GetFieldValue<DateTimeOffset>(15),
        reader.IsDBNull(16) ? null : reader.GetFieldValue<DateTimeOffset>(16),
        reader.IsDBNull(17) ? null : reader.GetFieldValue<DateTimeOffset>(17),
        reader.IsDBNull(18) ? null : reader.GetFieldValue<DateTimeOffset>(18));
}

/// <summary>What the bus said about a checked revision; each has its own time column in revision_states.</summary>
internal enum RevisionEvent
{
    /// <summary>Reconciled: waiting for a decision.</summary>
    Reconciled,

    /// <summary>Approved by an operator: counts.</summary>
    Approved,

    /// <summary>Served by the website.</summary>
    Published,

    /// <summary>Returned to its district: stops counting.</summary>
    Returned,

    /// <summary>Taken off the website: stops counting until approved again.</summary>
    Retracted,
}
