using BudgetMesh.ThreePublicExpenses.Rules;

namespace BudgetMesh.ThreePublicExpenses.DistrictView;

/// <summary>A checked revision's recorded figures (万元) and what the bus has said about it since.</summary>
internal sealed record RecordedRevision(
    Guid SubmissionId,
    int Revision,
    string DistrictCode,
    string DepartmentCode,
    string DepartmentName,
    string UnitCode,
    int BudgetYear,
    ThreePublicAmounts Figures,
    decimal? PriorYearTotal,
    DateTimeOffset? ReconciledAt = null,
    DateTimeOffset? ApprovedAt = null);

internal enum CountedState
{
    Reconciled,
    Approved,
}

internal enum PriorYearSource
{
    None,
    Table,
    Recorded,
}

/// <summary>One department's counted figures for a year, with its prior year and rank in the district.</summary>
internal sealed record DepartmentYear(RecordedRevision Revision, CountedState State, decimal? PriorYearTotal, PriorYearSource PriorYearSource, int Rank)
{
    public decimal? Change => PriorYearTotal is { } prior ? Revision.Figures.Total - prior : null;
}

internal sealed record DistrictYear(IReadOnlyList<DepartmentYear> Departments, ThreePublicAmounts Totals, decimal? PriorYearTotal)
{
    public decimal? Change => PriorYearTotal is { } prior ? Totals.Total - prior : null;
}

/// <summary>
/// T6: which revision counts for a department and year, and the district view built from those only.
/// Once a department/year has an approved revision the latest approved one counts, over later revisions
/// that are only reconciled; before that, the latest reconciled one. Pending (checked only) never counts.
/// </summary>
internal static class CountedFigures
{
    public static IReadOnlyList<(RecordedRevision Revision, CountedState State)> Select(IEnumerable<RecordedRevision> revisions)
    {
        var counted = new List<(RecordedRevision, CountedState)>();
        foreach (var group in revisions.GroupBy(r => (r.DepartmentCode, r.BudgetYear)))
        {
            var approved = group.Where(r => r.ApprovedAt is not null).OrderByDescending(r => r.ApprovedAt).ThenByDescending(r => r.Revision).FirstOrDefault();
            if (approved is not null)
            {
                counted.Add((approved, CountedState.Approved));
                continue;
            }

            var reconciled = group.Where(r => r.ReconciledAt is not null).OrderByDescending(r => r.ReconciledAt).ThenByDescending(r => r.Revision).FirstOrDefault();
            if (reconciled is not null)
            {
                counted.Add((reconciled, CountedState.Reconciled));
            }
        }

        return counted;
    }

    /// <summary>
    /// The district's departments for <paramref name="year"/>, ranked by total (ties share a rank). A prior-year
    /// total comes from the counted revision's own table, else from the department's counted figures of the
    /// year before; the district's prior total is known only when every department's is.
    /// </summary>
    public static DistrictYear District(IEnumerable<RecordedRevision> revisions, int year)
    {
        var counted = Select(revisions);
        var lastYear = counted.Where(c => c.Revision.BudgetYear == year - 1).ToDictionary(c => c.Revision.DepartmentCode, c => c.Revision.Figures.Total, StringComparer.Ordinal);
        var ordered = counted
            .Where(c => c.Revision.BudgetYear == year)
            .OrderByDescending(c => c.Revision.Figures.Total)
            .ThenBy(c => c.Revision.DepartmentCode, StringComparer.Ordinal)
            .ToList();

        var departments = new List<DepartmentYear>(ordered.Count);
        for (var i = 0; i < ordered.Count; i++)
        {
            var (revision, state) = ordered[i];
            var rank = i > 0 && departments[i - 1].Revision.Figures.Total == revision.Figures.Total ? departments[i - 1].Rank : i + 1;
            var (prior, source) = revision.PriorYearTotal is { } printed
                ? (printed, PriorYearSource.Table)
                : lastYear.TryGetValue(revision.DepartmentCode, out var recorded) ? (recorded, PriorYearSource.Recorded) : ((decimal?)null, PriorYearSource.None);
            departments.Add(new DepartmentYear(revision, state, prior, source, rank));
        }

        var totals = departments.Aggregate(ThreePublicAmounts.Zero, (sum, d) => sum.Plus(d.Revision.Figures));
        decimal? priorTotal = departments.Count > 0 && departments.All(d => d.PriorYearTotal is not null) ? departments.Sum(d => d.PriorYearTotal!.Value) : null;
        return new DistrictYear(departments, totals, priorTotal);
    }

    /// <summary>One department across the years it has counted figures, oldest first.</summary>
    public static IReadOnlyList<DepartmentYear> History(IReadOnlyList<RecordedRevision> districtRevisions, string departmentCode)
    {
        var years = Select(districtRevisions).Where(c => c.Revision.DepartmentCode == departmentCode).Select(c => c.Revision.BudgetYear).Distinct().Order();
        return [.. years.Select(y => District(districtRevisions, y).Departments.Single(d => d.Revision.DepartmentCode == departmentCode))];
    }

    /// <summary>The department's counted figures of one year, for T4 when its table prints no prior year.</summary>
    public static ThreePublicAmounts? Of(IReadOnlyList<RecordedRevision> revisions, string departmentCode, int year) =>
        Select(revisions).Where(c => c.Revision.DepartmentCode == departmentCode && c.Revision.BudgetYear == year).Select(c => c.Revision.Figures).FirstOrDefault();
}
