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
    DateTimeOffset? ApprovedAt = null,
    DateTimeOffset? PublishedAt = null,
    DateTimeOffset? ReturnedAt = null,
    DateTimeOffset? RetractedAt = null)
{
    public RevisionStanding Standing => Standings.Of(this);
}

internal enum PriorYearSource
{
    None,
    Table,
    Recorded,
}

/// <summary>One department's counted figures for a year, with its prior year and rank in the district.</summary>
internal sealed record DepartmentYear(RecordedRevision Revision, RevisionStanding State, decimal? PriorYearTotal, PriorYearSource PriorYearSource, int Rank)
{
    public decimal? Change => PriorYearTotal is { } prior ? Revision.Figures.Total - prior : null;
}

/// <summary>A department with figures for the year of which none count, and where its latest revision stands.</summary>
internal sealed record UncountedDepartment(RecordedRevision Latest, RevisionStanding Standing);

internal sealed record DistrictYear(IReadOnlyList<DepartmentYear> Departments, ThreePublicAmounts Totals, decimal? PriorYearTotal, IReadOnlyList<UncountedDepartment> Uncounted)
{
    public decimal? Change => PriorYearTotal is { } prior ? Totals.Total - prior : null;
}

/// <summary>
/// T6: which revision counts for a department and year, and the district view built from those only. The
/// revision that counts is the one approved last, while that approval stands (approved or published, not
/// returned or retracted since): a newer revision that is only reconciled or was returned leaves the approved
/// one on the website and in the count; when the revision approved last is retracted or returned, nothing of
/// that department and year counts, as nothing of it is on the website. Unapproved figures never count.
/// </summary>
internal static class CountedFigures
{
    public static IReadOnlyList<(RecordedRevision Revision, RevisionStanding State)> Select(IEnumerable<RecordedRevision> revisions)
    {
        var counted = new List<(RecordedRevision, RevisionStanding)>();
        foreach (var group in revisions.GroupBy(r => (r.DepartmentCode, r.BudgetYear)))
        {
            var approvedLast = group.Where(r => r.ApprovedAt is not null).OrderByDescending(r => r.ApprovedAt).ThenByDescending(r => r.Revision).FirstOrDefault();
            if (approvedLast is not null && Standings.Counts(approvedLast.Standing))
            {
                counted.Add((approvedLast, approvedLast.Standing));
            }
        }

        return counted;
    }

    /// <summary>
    /// The district's departments for <paramref name="year"/>, ranked by total (ties share a rank). A prior-year
    /// total comes from the department's counted (approved) figures of the year before, else from the prior-year
    /// column its own table prints; the district's prior total is known only when every department's is.
    /// Departments with figures for the year of which none count are listed apart, with their latest standing.
    /// </summary>
    public static DistrictYear District(IEnumerable<RecordedRevision> revisions, int year)
    {
        var all = revisions as IReadOnlyList<RecordedRevision> ?? [.. revisions];
        var counted = Select(all);
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
            var (prior, source) = lastYear.TryGetValue(revision.DepartmentCode, out var recorded)
                ? (recorded, PriorYearSource.Recorded)
                : revision.PriorYearTotal is { } printed ? (printed, PriorYearSource.Table) : ((decimal?)null, PriorYearSource.None);
            departments.Add(new DepartmentYear(revision, state, prior, source, rank));
        }

        var countedDepartments = departments.Select(d => d.Revision.DepartmentCode).ToHashSet(StringComparer.Ordinal);
        var uncounted = all
            .Where(r => r.BudgetYear == year && !countedDepartments.Contains(r.DepartmentCode))
            .GroupBy(r => r.DepartmentCode, StringComparer.Ordinal)
            .Select(g => g.OrderByDescending(r => r.Revision).ThenByDescending(r => r.ReconciledAt).First())
            .OrderBy(r => r.DepartmentCode, StringComparer.Ordinal)
            .Select(r => new UncountedDepartment(r, r.Standing))
            .ToList();

        var totals = departments.Aggregate(ThreePublicAmounts.Zero, (sum, d) => sum.Plus(d.Revision.Figures));
        decimal? priorTotal = departments.Count > 0 && departments.All(d => d.PriorYearTotal is not null) ? departments.Sum(d => d.PriorYearTotal!.Value) : null;
        return new DistrictYear(departments, totals, priorTotal, uncounted);
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
