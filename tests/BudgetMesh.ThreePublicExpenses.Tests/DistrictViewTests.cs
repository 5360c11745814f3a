using BudgetMesh.ThreePublicExpenses.DistrictView;
using BudgetMesh.ThreePublicExpenses.Rules;

namespace BudgetMesh.ThreePublicExpenses.Tests;

/// <summary>T6 as pure code: which revision counts, totals, ranking and year-on-year.</summary>
public sealed class DistrictViewTests
{
    private static readonly DateTimeOffset Monday = new(2025, 3, 3, 9, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public void A_pending_revision_never_counts()
    {
        var view = CountedFigures.District([Revision("102", 1, 18m)], 2025);

        Assert.Empty(view.Departments);
        Assert.Null(view.PriorYearTotal);
    }

    [Fact]
    public void A_reconciled_revision_does_not_count_until_approved_and_is_listed_as_waiting()
    {
        var view = CountedFigures.District([Revision("102", 1, 18m, reconciled: Monday), Revision("102", 2, 20m, reconciled: Monday.AddHours(1))], 2025);

        Assert.Empty(view.Departments);
        Assert.Equal(0m, view.Totals.Total);
        var waiting = Assert.Single(view.Uncounted);
        Assert.Equal((2, RevisionStanding.Reconciled), (waiting.Latest.Revision, waiting.Standing));
    }

    [Fact]
    public void Once_approved_the_latest_approved_revision_counts_over_later_unapproved_ones()
    {
        var view = CountedFigures.District(
        [
            Revision("102", 1, 18m, reconciled: Monday, approved: Monday.AddHours(2)),
            Revision("102", 2, 20m, reconciled: Monday.AddHours(3)),
            Revision("102", 3, 25m),
        ], 2025);

        var department = Assert.Single(view.Departments);
        Assert.Equal((1, RevisionStanding.Approved, 18m), (department.Revision.Revision, department.State, department.Revision.Figures.Total));
        Assert.Empty(view.Uncounted);
    }

    [Fact]
    public void A_retracted_and_a_returned_unit_do_not_count_and_a_published_one_is_shown_as_published()
    {
        var view = CountedFigures.District(
        [
            Revision("102", 1, 18m, reconciled: Monday, approved: Monday.AddHours(1), published: Monday.AddHours(1.1), retracted: Monday.AddHours(5)),
            Revision("103", 1, 29.7m, reconciled: Monday, approved: Monday.AddHours(1), returned: Monday.AddHours(2)),
            Revision("128", 1, 5.5m, reconciled: Monday, approved: Monday.AddHours(1), published: Monday.AddHours(1.1)),
            Revision("130", 1, 2m, reconciled: Monday, approved: Monday.AddHours(1)),
        ], 2025);

        Assert.Equal([("128", RevisionStanding.Published), ("130", RevisionStanding.Approved)], view.Departments.Select(d => (d.Revision.DepartmentCode, d.State)));
        Assert.Equal(7.5m, view.Totals.Total);
        Assert.Equal([("102", RevisionStanding.Retracted), ("103", RevisionStanding.Returned)], view.Uncounted.Select(u => (u.Latest.DepartmentCode, u.Standing)));
    }

    [Fact]
    public void Approved_again_after_a_retraction_counts_again_and_republished_is_published()
    {
        var view = CountedFigures.District(
            [Revision("102", 1, 18m, reconciled: Monday, approved: Monday.AddHours(6), published: Monday.AddHours(6.1), retracted: Monday.AddHours(5))], 2025);

        Assert.Equal((18m, RevisionStanding.Published), (view.Totals.Total, Assert.Single(view.Departments).State));
    }

    [Fact]
    public void A_publication_older_than_the_latest_approval_does_not_make_it_published()
    {
        var revision = Revision("102", 1, 18m, approved: Monday.AddHours(6), published: Monday.AddHours(1), retracted: Monday.AddHours(5));

        Assert.Equal(RevisionStanding.Approved, revision.Standing);
    }

    [Fact]
    public void When_the_revision_approved_last_is_retracted_an_older_published_one_does_not_count_in_its_place()
    {
        // Revision 2 replaced revision 1 on the website; retracting it leaves nothing of the department there.
        var view = CountedFigures.District(
        [
            Revision("102", 1, 18m, approved: Monday, published: Monday.AddHours(0.1)),
            Revision("102", 2, 20m, approved: Monday.AddHours(3), published: Monday.AddHours(3.1), retracted: Monday.AddHours(4)),
        ], 2025);

        Assert.Empty(view.Departments);
        Assert.Equal((2, RevisionStanding.Retracted), (Assert.Single(view.Uncounted).Latest.Revision, view.Uncounted[0].Standing));
    }

    [Fact]
    public void A_newer_revision_returned_leaves_the_published_one_counting()
    {
        var view = CountedFigures.District(
        [
            Revision("102", 1, 18m, approved: Monday, published: Monday.AddHours(0.1)),
            Revision("102", 2, 20m, reconciled: Monday.AddHours(3), returned: Monday.AddHours(4)),
        ], 2025);

        Assert.Equal((1, RevisionStanding.Published), (Assert.Single(view.Departments).Revision.Revision, view.Departments[0].State));
    }

    [Fact]
    public void Departments_are_ranked_by_total_and_ties_share_a_rank()
    {
        var view = CountedFigures.District(
        [
            Revision("128", 1, 5.5m, approved: Monday),
            Revision("102", 1, 18m, approved: Monday),
            Revision("103", 1, 29.7m, approved: Monday),
            Revision("104", 1, 18m, approved: Monday),
        ], 2025);

        Assert.Equal(["103", "102", "104", "128"], view.Departments.Select(d => d.Revision.DepartmentCode));
        Assert.Equal([1, 2, 2, 4], view.Departments.Select(d => d.Rank));
        Assert.Equal(71.2m, view.Totals.Total);
    }

    [Fact]
    public void The_prior_year_comes_from_last_years_approved_figures_first_then_from_the_table()
    {
        var view = CountedFigures.District(
        [
            Revision("103", 1, 29.7m, approved: Monday, priorTotal: 26.8m),
            Revision("102", 1, 18m, approved: Monday, priorTotal: 99m),
            Revision("102", 1, 30m, approved: Monday.AddYears(-1), year: 2024),
            Revision("103", 1, 50m, reconciled: Monday.AddYears(-1), year: 2024),
        ], 2025);

        var byCode = view.Departments.ToDictionary(d => d.Revision.DepartmentCode);
        Assert.Equal((26.8m, PriorYearSource.Table, 2.9m), (byCode["103"].PriorYearTotal, byCode["103"].PriorYearSource, byCode["103"].Change));
        Assert.Equal((30m, PriorYearSource.Recorded, -12m), (byCode["102"].PriorYearTotal, byCode["102"].PriorYearSource, byCode["102"].Change));
        Assert.Equal(56.8m, view.PriorYearTotal);
        Assert.Equal(-9.1m, view.Change);
    }

    [Fact]
    public void The_district_prior_year_is_unknown_when_one_department_has_none()
    {
        var view = CountedFigures.District([Revision("103", 1, 29.7m, approved: Monday, priorTotal: 26.8m), Revision("128", 1, 5.5m, approved: Monday)], 2025);

        Assert.Null(view.PriorYearTotal);
        Assert.Null(view.Change);
    }

    [Fact]
    public void A_departments_history_lists_its_counted_years_oldest_first()
    {
        var history = CountedFigures.History(
        [
            Revision("102", 1, 18m, approved: Monday),
            Revision("102", 1, 30m, approved: Monday.AddYears(-1), year: 2024),
            Revision("103", 1, 40m, approved: Monday),
        ], "102");

        Assert.Equal([2024, 2025], history.Select(h => h.Revision.BudgetYear));
        Assert.Equal([1, 2], history.Select(h => h.Rank));
    }

    private static RecordedRevision Revision(
        string department, int revision, decimal total, DateTimeOffset? reconciled = null, DateTimeOffset? approved = null, decimal? priorTotal = null, int year = 2025,
        DateTimeOffset? published = null, DateTimeOffset? returned = null, DateTimeOffset? retracted = null) =>
        new(
            new Guid($"00000000-0000-0000-0000-{int.Parse(department, System.Globalization.CultureInfo.InvariantCulture) * 1000 + year % 1000:D12}"),
            revision,
            "500107",
            department,
            "部门" + department,
            department + "001",
            year,
            new ThreePublicAmounts(total, 0m, total, 0m, total, 0m),
            priorTotal,
            reconciled,
            approved,
            published,
            returned,
            retracted);
}
