using BudgetMesh.Contracts.Intake.V1;
using BudgetMesh.GrpcClients;
using Grpc.Core;

namespace BudgetMesh.Intake.Tests;

/// <summary>
/// ListSubmissions filters on the operators' own marks (已审阅, 分派给) in Intake, before paging: every page of a filtered
/// listing holds only matches and the tokens walk all of them. Only this class's fixture submits, so the listings
/// hold exactly the submissions made here.
/// </summary>
public sealed class ReviewFilterTests(IntakeFixture intake) : IClassFixture<IntakeFixture>
{
    [Fact]
    public async Task The_reviewed_and_assignee_filters_select_in_Intake_and_page_across_the_matches()
    {
        await intake.Admin.CreateKeyAsync(KeyKind.Operator, "", "审核员甲");
        await intake.Admin.CreateKeyAsync(KeyKind.Operator, "", "审核员乙");
        var packages = Enumerable.Range(0, 5).Select(_ => intake.NewPackage()).ToList();
        var ids = new List<string>();
        foreach (var package in packages)
        {
            ids.Add((await intake.OwnDistrict.SubmitAsync(package)).Receipt.SubmissionId);
        }

        // Reviewed: 0, 1, 2. Assigned: 1, 2, 3 to 甲; 4 to 乙; 0 to nobody.
        foreach (var i in new[] { 0, 1, 2 })
        {
            await intake.Operator.MarkReviewedAsync(ids[i], 1);
        }

        foreach (var (i, name) in new[] { (1, "审核员甲"), (2, "审核员甲"), (3, "审核员甲"), (4, "审核员乙") })
        {
            await intake.Operator.AssignAsync(ids[i], name);
        }

        Assert.Equal(Pick(ids, 0, 1, 2), await AllPagesAsync(new ListSubmissionsRequest { Reviewed = ReviewedFilter.Reviewed }));
        Assert.Equal(Pick(ids, 3, 4), await AllPagesAsync(new ListSubmissionsRequest { Reviewed = ReviewedFilter.NotReviewed }));
        Assert.Equal(Pick(ids, 1, 2, 3), await AllPagesAsync(new ListSubmissionsRequest { Assignee = "审核员甲" }));
        Assert.Equal(Pick(ids, 0), await AllPagesAsync(new ListSubmissionsRequest { Assignee = "-" }));
        Assert.Equal(Pick(ids, 1, 2), await AllPagesAsync(new ListSubmissionsRequest { Reviewed = ReviewedFilter.Reviewed, Assignee = " 审核员甲 " }));
        Assert.Empty(await AllPagesAsync(new ListSubmissionsRequest { Assignee = "没有这个人" }));
        Assert.Equal(ids.Order(StringComparer.Ordinal), await AllPagesAsync(new ListSubmissionsRequest()));

        // A mark is on a revision: the changed content's revision 2 starts unreviewed, and keeps its assignee.
        packages[0].Tables.Gf.Rows[0].Total = "999.99";
        Assert.Equal(2, (await intake.OwnDistrict.SubmitAsync(packages[0])).Receipt.Revision);
        Assert.Equal(Pick(ids, 1, 2), await AllPagesAsync(new ListSubmissionsRequest { Reviewed = ReviewedFilter.Reviewed }));
        Assert.Equal(Pick(ids, 0, 3, 4), await AllPagesAsync(new ListSubmissionsRequest { Reviewed = ReviewedFilter.NotReviewed }));
        Assert.Equal(Pick(ids, 0), await AllPagesAsync(new ListSubmissionsRequest { Assignee = "-", Reviewed = ReviewedFilter.NotReviewed }));
    }

    [Fact]
    public async Task A_bad_filter_value_is_refused_naming_its_field()
    {
        var unknownMark = await Assert.ThrowsAsync<RpcException>(() => intake.Operator.ListAsync(new ListSubmissionsRequest { Reviewed = (ReviewedFilter)7 }));
        var controlCharacter = await Assert.ThrowsAsync<RpcException>(() => intake.Operator.ListAsync(new ListSubmissionsRequest { Assignee = "审核员\u0007" }));
        var tooLong = await Assert.ThrowsAsync<RpcException>(() => intake.Operator.ListAsync(new ListSubmissionsRequest { Assignee = new string('审', 201) }));

        foreach (var (error, field) in new[] { (unknownMark, "reviewed"), (controlCharacter, "assignee"), (tooLong, "assignee") })
        {
            Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
            var violation = Assert.Single(error.FieldViolations());
            Assert.Equal(field, violation.Field);
            // Chinese, with no English half (a code point such as U+0007 is a code, not a word).
            Assert.Matches(@"^[^A-Za-z]*\p{IsCJKUnifiedIdeographs}[^A-Za-z]*$", System.Text.RegularExpressions.Regex.Replace(violation.Description, @"U\+[0-9A-F]{4}", ""));
            Assert.Matches(@"^[^A-Za-z]*$", error.Status.Detail);
        }
    }

    private static List<string> Pick(List<string> ids, params int[] indexes) => [.. indexes.Select(i => ids[i]).Order(StringComparer.Ordinal)];

    // Pages of two, so every filter here is walked across at least one page boundary; each page holds only matches.
    private async Task<List<string>> AllPagesAsync(ListSubmissionsRequest request)
    {
        request.PageSize = 2;
        var seen = new List<string>();
        do
        {
            var page = await intake.Operator.ListAsync(request);
            Assert.True(page.Submissions.Count <= 2);
            Assert.True(page.NextPageToken.Length == 0 || page.Submissions.Count == 2, "a page before the last is full");
            seen.AddRange(page.Submissions.Select(s => s.SubmissionId));
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);

        Assert.Equal(seen.Count, seen.Distinct().Count());
        return [.. seen.Order(StringComparer.Ordinal)];
    }
}
