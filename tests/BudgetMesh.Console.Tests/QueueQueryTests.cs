using BudgetMesh.Console.Submissions;
using BudgetMesh.Contracts.Intake.V1;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace BudgetMesh.Console.Tests;

/// <summary>Pure: the queue's filters, sort and page survive a round trip through the URL.</summary>
public sealed class QueueQueryTests
{
    [Fact]
    public void A_query_string_round_trips_with_its_filters_sort_and_page()
    {
        var query = QueueQuery.From(new QueryCollection(new Dictionary<string, StringValues>
        {
            ["district"] = "500107", ["year"] = "2023", ["status"] = "ReconciledErrors", ["q"] = "政务 服务", ["sort"] = "unit", ["dir"] = "asc", ["page"] = "3",
        }));

        Assert.Equal("/?district=500107&year=2023&status=ReconciledErrors&q=%E6%94%BF%E5%8A%A1%20%E6%9C%8D%E5%8A%A1&sort=unit&dir=asc&page=3", query.Url("/"));
        Assert.Equal(query, QueueQuery.From(QueryHelpers(query.Url("/"))));
        Assert.EndsWith("sort=errors&dir=desc", query.Url("/", "errors", true, 1), StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_sort_columns_and_pages_fall_back_to_newest_first_on_page_one()
    {
        var query = QueueQuery.From(new QueryCollection(new Dictionary<string, StringValues> { ["sort"] = "drop table", ["page"] = "-2", ["status"] = "99" }));

        Assert.Equal(("received", true, 1, SubmissionStatus.Unspecified), (query.Sort, query.Descending, query.Page, query.Status));
    }

    [Fact]
    public void Sorting_by_errors_puts_unreconciled_submissions_last_when_descending()
    {
        var query = QueueQuery.From(new QueryCollection(new Dictionary<string, StringValues> { ["sort"] = "errors" }));
        SubmissionSummary S(string id, int? errors) => new() { SubmissionId = id, ReportSummary = errors is null ? null : new() { Errors = errors.Value } };

        var order = query.Sorted([S("a", 0), S("b", null), S("c", 5), S("d", 1)]).Select(s => s.SubmissionId);

        Assert.Equal(["c", "d", "a", "b"], order);
    }

    [Theory]
    [InlineData("yes", "审核员甲", ReviewedFilter.Reviewed, "审核员甲")]
    [InlineData("no", "-", ReviewedFilter.NotReviewed, "-")]
    [InlineData("", "", ReviewedFilter.Unspecified, "")]
    [InlineData("maybe", " ", ReviewedFilter.Unspecified, "")]
    public void The_mark_filters_go_to_Intake_in_the_request(string reviewed, string assignee, ReviewedFilter expectedReviewed, string expectedAssignee)
    {
        var query = QueueQuery.From(new QueryCollection(new Dictionary<string, StringValues>
        {
            ["district"] = "500107", ["year"] = "2023", ["status"] = "ReconciledErrors", ["q"] = "政务", ["reviewed"] = reviewed, ["assignee"] = assignee,
        }));

        var request = query.Request();

        Assert.Equal(new ListSubmissionsRequest
        {
            DistrictCode = "500107", BudgetYear = 2023, Status = SubmissionStatus.ReconciledErrors, Query = "政务", Reviewed = expectedReviewed, Assignee = expectedAssignee,
        }, request);
    }

    private static QueryCollection QueryHelpers(string url) =>
        new(Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri("http://x" + url).Query));
}
