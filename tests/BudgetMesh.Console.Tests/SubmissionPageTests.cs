using System.Net;
using BudgetMesh.Contracts.Intake.V1;
using BudgetMesh.Contracts.Publication.V1;
using BudgetMesh.Contracts.ThreePublic.V1;

namespace BudgetMesh.Console.Tests;

/// <summary>The operator's screens against the real Intake, over real HTTP.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class SubmissionPageTests(ConsoleFixture console)
{
    [Fact]
    public async Task The_list_shows_status_district_department_year_and_counts_and_filters_by_search()
    {
        var receipt = await console.SubmitReconciledAsync();
        var department = (await console.GetAsync(receipt.SubmissionId)).Summary.DepartmentCode;
        using var client = await SignedInAsync();

        var page = await client.PageAsync($"/?district=500107&department={department}&year=2023&q=政务服务");

        var row = Assert.Single(page.QuerySelectorAll("#submissions tbody tr"));
        var cells = row.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList();
        Assert.Equal("有警告", cells[0]);
        Assert.Equal("500107", cells[1]);
        Assert.StartsWith(department, cells[2], StringComparison.Ordinal);
        Assert.Equal("2023", cells[4]);
        Assert.Equal(["0", "2"], cells[6..8]);
        Assert.Equal("刚刚", cells[8]);
        Assert.NotNull(page.QuerySelector("meta[http-equiv=refresh]"));
        Assert.Empty((await client.PageAsync("/?q=没有这个单位")).QuerySelectorAll("#submissions tbody tr"));
    }

    [Fact]
    public async Task A_submission_shows_its_findings_on_their_cells_and_sentence_and_the_rules_by_outcome()
    {
        var receipt = await console.SubmitReconciledAsync();
        using var client = await SignedInAsync();

        var page = await client.PageAsync($"/submissions/{receipt.SubmissionId}");

        var cell = page.QuerySelector("td[data-table=GF][data-row-code='201'][data-column=total]")!;
        Assert.Contains("sev-warning", cell.ClassList);
        Assert.Equal("2,099.40", cell.QuerySelector(".v")!.TextContent);
        Assert.Equal($"#{cell.Id}", page.QuerySelector("#finding-F1 a.place")!.GetAttribute("href"));
        Assert.Equal("F2", page.QuerySelector("#narrative mark")!.GetAttribute("data-findings"));
        Assert.Equal("“三公”", page.QuerySelector("#narrative mark")!.TextContent);
        Assert.Contains("2099.30", page.QuerySelector("#finding-F1")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("R2 功能分类支出表各行合计等于基本支出加项目支出", page.QuerySelector("details[data-rule=R2-ROW-SPLIT] summary")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("P4 项目指标权重与执行率权重合计100：未填报权重", page.QuerySelector("#rules-na")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("C7 基本支出经济科目列入人员经费/公用经费正确", page.QuerySelector("#rules-review")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("R2 功能分类支出表合计行等于各类之和", page.QuerySelector("#rules-passed")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("#approve-form"));
        Assert.Contains($"Bearer {console.OperatorKey}", console.Peers.Authorizations);
    }

    [Fact]
    public async Task A_submission_reads_summary_then_findings_then_tables_then_decision_then_history_and_offers_the_next_one()
    {
        var first = await console.SubmitReconciledAsync();
        var second = await console.SubmitReconciledAsync();
        using var client = await SignedInAsync();

        var page = await client.PageAsync($"/submissions/{first.SubmissionId}");

        var order = new[] { "#findings-section", "#tables", "#table-GF", "#decision-section", "#history-section" }
            .Select(selector => page.All.ToList().IndexOf(page.QuerySelector(selector)!)).ToList();
        Assert.DoesNotContain(-1, order);
        Assert.Equal(order.Order(), order);
        var next = page.QuerySelector("#next")!;
        Assert.NotEqual($"/submissions/{first.SubmissionId}", next.GetAttribute("href"));
        var nextPage = await client.PageAsync(next.GetAttribute("href")!);
        Assert.NotNull(nextPage.QuerySelector("#approve-form"));
        Assert.Contains(second.SubmissionId, (await client.PageAsync("/")).QuerySelector("#submissions")!.InnerHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approving_calls_Intake_with_the_operators_key_and_the_page_then_shows_it_approved_and_audited()
    {
        var receipt = await console.SubmitReconciledAsync();
        using var client = await SignedInAsync();
        var path = $"/submissions/{receipt.SubmissionId}";

        var response = await client.PostWithTokenAsync(path, path + "/approve", [new("revision", "1"), new("content_hash", receipt.ContentHash), new("comment", "同意公开")]);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = await client.PageAsync(response.Headers.Location!.OriginalString);
        Assert.Equal("已批准，待发布", page.QuerySelector("#status")!.TextContent);
        Assert.Contains("财政局审核员", page.QuerySelector("#history")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(SubmissionStatus.Approved, (await console.GetAsync(receipt.SubmissionId)).Receipt.Status);
    }

    [Fact]
    public async Task Returning_without_a_comment_shows_Intakes_refusal_and_with_one_returns_it()
    {
        var receipt = await console.SubmitReconciledAsync();
        using var client = await SignedInAsync();
        var path = $"/submissions/{receipt.SubmissionId}";

        var refused = await client.PostWithTokenAsync(path, path + "/return", [new("revision", "1"), new("comment", "")]);
        var returned = await client.PostWithTokenAsync(path, path + "/return", [new("revision", "1"), new("comment", "三公表与说明不一致，请核对")]);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, returned.StatusCode);
        Assert.Equal(SubmissionStatus.Returned, (await console.GetAsync(receipt.SubmissionId)).Receipt.Status);
    }

    [Fact]
    public async Task A_second_revision_shows_the_changed_cells_against_the_first()
    {
        var first = await console.SubmitReconciledAsync();
        var package = (await console.GetAsync(first.SubmissionId)).Summary;
        var revised = Seeds.Jiulongpo();
        revised.Header.DepartmentCode = package.DepartmentCode;
        revised.Tables.Sg.CurrentYear.Reception = "1.20";
        var second = await console.SubmitAndReconcileAsync(revised);
        using var client = await SignedInAsync();

        var page = await client.PageAsync($"/submissions/{second.SubmissionId}");

        Assert.Equal(2, second.Revision);
        var diff = Assert.Single(page.QuerySelectorAll("#diff tbody tr"));
        Assert.Equal(["SG", "current_year", "reception", "1.00", "1.20"], diff.QuerySelectorAll("td").Select(td => td.TextContent));
    }

    [Fact]
    public async Task The_publication_status_and_its_website_link_are_shown()
    {
        var receipt = await console.SubmitReconciledAsync();
        console.Peers.Publications[receipt.SubmissionId] = new Publication
        {
            SubmissionId = receipt.SubmissionId, Revision = 1, State = PublicationState.Published, Path = "/500107/2023/128/index.html", ApprovedBy = "财政局审核员 (operator)",
        };
        using var client = await SignedInAsync();

        var page = await client.PageAsync($"/submissions/{receipt.SubmissionId}");

        Assert.StartsWith("已发布", page.QuerySelector("#publication")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("http://website.test/500107/2023/128/index.html", page.QuerySelector("#publication-link")!.GetAttribute("href"));
    }

    [Fact]
    public async Task The_district_view_lists_departments_with_their_three_public_figures_and_draws_one_bar_group_each()
    {
        console.Peers.DistrictView = new GetDistrictViewResponse
        {
            Departments =
            {
                new DepartmentFigures { DepartmentCode = "128", DepartmentName = "政务服务管理办公室", Rank = 1, Revision = 1, SubmissionId = Guid.NewGuid().ToString(),
                    Figures = new() { Total = "5.5", VehiclesSubtotal = "4.5", VehicleOperation = "4.5", Reception = "1" } },
                new DepartmentFigures { DepartmentCode = "102", DepartmentName = "区政府办<公室>", Rank = 2, Revision = 1, SubmissionId = Guid.NewGuid().ToString(),
                    Figures = new() { Total = "3.2", OutboundTravel = "2", Reception = "1.2" } },
            },
            Totals = new() { Total = "8.7", OutboundTravel = "2", VehiclesSubtotal = "4.5", Reception = "2.2" },
        };
        using var client = await SignedInAsync();

        var page = await client.PageAsync("/district?district=500107&year=2023");

        var rows = page.QuerySelectorAll("#district-view tbody tr").ToList();
        Assert.Equal(["128", "102"], rows.Select(r => r.GetAttribute("data-department")));
        Assert.Equal("5.50", rows[0].QuerySelectorAll("td")[2].TextContent);
        Assert.Equal("8.70", page.QuerySelector("#district-view tfoot td:nth-child(3)")!.TextContent);
        Assert.Equal(2, page.QuerySelectorAll("#district-chart g[data-department]").Length);
        Assert.Contains("区政府办<公室>", page.QuerySelector("#district-chart")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_district_view_answers_a_year_out_of_range_in_Chinese_and_not_as_an_outage()
    {
        using var client = await SignedInAsync();

        var response = await client.GetAsync("/district?district=500107&year=1999");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = ConsoleClient.Parse(await response.Content.ReadAsStringAsync());
        Assert.StartsWith("预算年度须在2010—", page.QuerySelector("#district-error")!.TextContent, StringComparison.Ordinal);
    }

    private async Task<ConsoleClient> SignedInAsync()
    {
        var client = console.NewClient();
        await client.SignInAsync(console.OperatorKey);
        return client;
    }
}
