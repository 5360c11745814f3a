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
        Assert.NotNull(row.QuerySelector($"input[type=checkbox][name=pick][value='{receipt.SubmissionId}:1']"));
        Assert.Equal("校核有警告", cells[1]);
        Assert.Equal("九龙坡区", cells[2]);
        Assert.StartsWith(department, cells[3], StringComparison.Ordinal);
        Assert.Equal("2023", cells[5]);
        Assert.Equal(["0", "2", "1"], cells[7..10]);
        // Not yet marked reviewed, nor assigned.
        Assert.Equal(["", ""], cells[10..12]);
        Assert.Equal("刚刚", cells[12]);
        // The list refreshes in place (a script fetching rows and counts), never by reloading over typed input.
        Assert.Null(page.QuerySelector("meta[http-equiv=refresh]"));
        Assert.Equal("/console.js", page.QuerySelector("script")!.GetAttribute("src"));
        Assert.Equal("1", page.QuerySelector("#count-all")!.TextContent);
        Assert.Equal("1", page.QuerySelector("#count-reviews")!.TextContent);
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
        Assert.NotNull(page.QuerySelector("#preview-link"));
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
        Assert.NotNull(nextPage.QuerySelector("#preview-link"));
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
        console.Peers.Publications[receipt.SubmissionId] = new Contracts.Publication.V1.Publication
        {
            SubmissionId = receipt.SubmissionId, Revision = 1, State = PublicationState.Published, Path = "/500107/2023/128/index.html", ApprovedBy = "财政局审核员 (operator)",
        };
        using var client = await SignedInAsync();

        var page = await client.PageAsync($"/submissions/{receipt.SubmissionId}");

        Assert.StartsWith("已发布", page.QuerySelector("#publication")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("http://website.test/500107/2023/128/index.html", page.QuerySelector("#publication-link")!.GetAttribute("href"));
    }

    [Fact]
    public async Task The_district_view_lists_departments_with_their_status_and_figures_and_draws_one_bar_group_each()
    {
        console.Peers.DistrictView = new GetDistrictViewResponse
        {
            Departments =
            {
                new DepartmentFigures { DepartmentCode = "128", DepartmentName = "政务服务管理办公室", Rank = 1, Revision = 1, SubmissionId = Guid.NewGuid().ToString(),
                    State = CountedState.Published, PriorYearTotal = "5", Change = "0.5", PriorYearSource = PriorYearSource.Recorded,
                    Figures = new() { Total = "5.5", VehiclesSubtotal = "4.5", VehicleOperation = "4.5", Reception = "1" } },
                new DepartmentFigures { DepartmentCode = "102", DepartmentName = "区政府办<公室>", Rank = 2, Revision = 1, SubmissionId = Guid.NewGuid().ToString(),
                    State = CountedState.Approved, PriorYearTotal = "3", Change = "0.2", PriorYearSource = PriorYearSource.Table,
                    Figures = new() { Total = "3.2", OutboundTravel = "2", Reception = "1.2" } },
            },
            Totals = new() { Total = "8.7", OutboundTravel = "2", VehiclesSubtotal = "4.5", Reception = "2.2" },
            PriorYearTotal = "8",
            Change = "0.7",
            Uncounted =
            {
                new UncountedDepartment { DepartmentCode = "106", DepartmentName = "已撤回部门", SubmissionId = Guid.NewGuid().ToString(), Revision = 1, Standing = RevisionStanding.Retracted },
                new UncountedDepartment { DepartmentCode = "107", DepartmentName = "已退回部门", SubmissionId = Guid.NewGuid().ToString(), Revision = 2, Standing = RevisionStanding.Returned },
            },
        };
        using var client = await SignedInAsync();

        var page = await client.PageAsync("/district?district=500107&year=2023");

        var rows = page.QuerySelectorAll("#district-view tbody tr").ToList();
        Assert.Equal(["128", "102"], rows.Select(r => r.GetAttribute("data-department")));
        Assert.Equal(["已发布", "已批准，待发布"], rows.Select(r => r.QuerySelectorAll("td")[2].TextContent.Trim()));
        Assert.Equal("5.50", rows[0].QuerySelectorAll("td")[3].TextContent);
        Assert.Equal(("5.00", "0.50"), (rows[0].QuerySelectorAll("td")[9].TextContent, rows[0].QuerySelectorAll("td")[10].TextContent));
        Assert.Equal("3.00*", rows[1].QuerySelectorAll("td")[9].TextContent);
        Assert.Equal(("8.70", "8.00", "0.70"), (page.QuerySelector("#district-view tfoot td:nth-child(4)")!.TextContent,
            page.QuerySelector("#district-view tfoot td:nth-child(10)")!.TextContent, page.QuerySelector("#district-view tfoot td:nth-child(11)")!.TextContent));
        Assert.Equal(2, page.QuerySelectorAll("#district-chart g[data-department]").Length);
        Assert.Contains("区政府办<公室>", page.QuerySelector("#district-chart")!.TextContent, StringComparison.Ordinal);
        var uncounted = page.QuerySelectorAll("#district-uncounted tbody tr").Select(r => (r.GetAttribute("data-department"), r.QuerySelectorAll("td")[1].TextContent)).ToList();
        Assert.Equal([("106", "已撤回"), ("107", "已退回")], uncounted);
    }

    [Fact]
    public async Task The_district_view_opens_on_the_queues_district_and_its_latest_year_with_pickers()
    {
        await console.SubmitReconciledAsync();
        console.Peers.DistrictView = new GetDistrictViewResponse();
        using var client = await SignedInAsync();

        var page = await client.PageAsync("/district");

        var asked = console.Peers.DistrictViewRequests.Last();
        Assert.Equal(("500107", 2023), (asked.DistrictCode, asked.BudgetYear));
        Assert.Equal("500107", page.QuerySelector("#district-select option[selected]")!.GetAttribute("value"));
        Assert.Contains("九龙坡区", page.QuerySelector("#district-select option[selected]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("2023", page.QuerySelector("#year-input")!.GetAttribute("value"));
        Assert.Contains("2023", page.QuerySelectorAll("#district-years option").Select(o => o.GetAttribute("value")));
        Assert.StartsWith("该区县该年度尚无已批准或已发布的部门数据", page.QuerySelector("#district-view")!.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1999")]
    [InlineData("abc")]
    public async Task The_district_view_answers_an_invalid_year_in_Chinese_and_not_as_an_outage(string year)
    {
        using var client = await SignedInAsync();

        var response = await client.GetAsync($"/district?district=500107&year={year}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = ConsoleClient.Parse(await response.Content.ReadAsStringAsync());
        Assert.StartsWith("预算年度须在2010—", page.QuerySelector("#district-error")!.TextContent, StringComparison.Ordinal);
        Assert.Contains($"收到“{year}”", page.QuerySelector("#district-error")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("#district-picker"));
    }

    [Fact]
    public async Task The_partial_refresh_returns_rows_and_counts_for_the_same_filters()
    {
        var receipt = await console.SubmitReconciledAsync();
        var department = (await console.GetAsync(receipt.SubmissionId)).Summary.DepartmentCode;
        using var client = await SignedInAsync();

        var response = await client.GetAsync($"/?department={department}&partial=1");

        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var rows = ConsoleClient.Parse($"<table><tbody>{json.RootElement.GetProperty("rows").GetString()}</tbody></table>");
        Assert.Equal(receipt.SubmissionId, Assert.Single(rows.QuerySelectorAll("tr")).GetAttribute("data-submission"));
        Assert.Contains("共 <strong id=\"count-all\">1</strong>", json.RootElement.GetProperty("counts").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_queue_sorts_by_a_column_both_ways_and_exports_as_CSV_with_Chinese_headers_and_a_dated_name()
    {
        var clean = await console.SubmitReconciledAsync(p => p.Header.UnitName = "甲单位排序");
        var failing = await console.SubmitReconciledAsync(p => p.Header.UnitName = "乙单位排序", errors: 3);
        using var client = await SignedInAsync();

        var byErrors = await client.PageAsync("/?q=单位排序&sort=errors&dir=desc");
        var reversed = await client.PageAsync("/?q=单位排序&sort=errors&dir=asc");
        var export = await client.GetAsync("/queue.csv?q=单位排序&sort=errors&dir=desc");

        string[] Order(AngleSharp.Html.Dom.IHtmlDocument page) => [.. page.QuerySelectorAll("#submissions tbody tr").Select(r => r.GetAttribute("data-submission")!)];
        Assert.Equal([failing.SubmissionId, clean.SubmissionId], Order(byErrors));
        Assert.Equal([clean.SubmissionId, failing.SubmissionId], Order(reversed));
        Assert.Equal("descending", byErrors.QuerySelector("th[aria-sort=descending]")?.GetAttribute("aria-sort"));
        Assert.Equal("attachment", export.Content.Headers.ContentDisposition!.DispositionType);
        Assert.StartsWith("报送队列-", export.Content.Headers.ContentDisposition.FileNameStar, StringComparison.Ordinal);
        var lines = (await export.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("状态,区县代码,区县,部门编码,部门,单位,年度,版本,错误,警告,待人工判断,审阅,分派给,报送时间（北京时间）", lines[0], StringComparison.Ordinal);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("校核有错误,500107,九龙坡区,", lines[1], StringComparison.Ordinal);
        Assert.Contains("乙单位排序", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bulk_approval_approves_the_clean_packages_and_skips_one_with_errors_and_bulk_return_needs_a_comment()
    {
        var first = await console.SubmitReconciledAsync();
        var second = await console.SubmitReconciledAsync();
        var failing = await console.SubmitReconciledAsync(errors: 1);
        using var client = await SignedInAsync();

        var refused = await client.PostWithTokenAsync("/", "/bulk", [new("action", "return"), new("pick", $"{first.SubmissionId}:1"), new("comment", "")]);
        var response = await client.PostWithTokenAsync("/", "/bulk",
            [new("action", "approve"), new("pick", $"{first.SubmissionId}:1"), new("pick", $"{second.SubmissionId}:1"), new("pick", $"{failing.SubmissionId}:1"), new("comment", "")]);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = ConsoleClient.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("已批准 2 份，未处理 1 份。", page.QuerySelector("#bulk-summary")!.TextContent);
        Assert.Equal("0", page.QuerySelector($"#bulk-results tr[data-submission='{failing.SubmissionId}']")!.GetAttribute("data-done"));
        Assert.Equal(SubmissionStatus.Approved, (await console.GetAsync(first.SubmissionId)).Receipt.Status);
        Assert.Equal(SubmissionStatus.Approved, (await console.GetAsync(second.SubmissionId)).Receipt.Status);
        Assert.Equal(SubmissionStatus.ReconciledErrors, (await console.GetAsync(failing.SubmissionId)).Receipt.Status);
    }

    [Fact]
    public async Task Bulk_return_returns_every_ticked_submission_with_the_comment()
    {
        var first = await console.SubmitReconciledAsync();
        var failing = await console.SubmitReconciledAsync(errors: 2);
        using var client = await SignedInAsync();

        var response = await client.PostWithTokenAsync("/", "/bulk",
            [new("action", "return"), new("pick", $"{first.SubmissionId}:1"), new("pick", $"{failing.SubmissionId}:1"), new("comment", "请按新口径重报")]);

        Assert.Equal("已退回 2 份，未处理 0 份。", ConsoleClient.Parse(await response.Content.ReadAsStringAsync()).QuerySelector("#bulk-summary")!.TextContent);
        Assert.Equal(SubmissionStatus.Returned, (await console.GetAsync(failing.SubmissionId)).Receipt.Status);
        Assert.Contains((await console.GetAsync(first.SubmissionId)).History, h => h.Reason.Contains("请按新口径重报", StringComparison.Ordinal));
    }

    private async Task<ConsoleClient> SignedInAsync()
    {
        var client = console.NewClient();
        await client.SignInAsync(console.OperatorKey);
        return client;
    }
}
