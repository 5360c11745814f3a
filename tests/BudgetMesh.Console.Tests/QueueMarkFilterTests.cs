using BudgetMesh.Contracts.Intake.V1;

namespace BudgetMesh.Console.Tests;

/// <summary>
/// The queue's 审阅 and 分派给 filters are Intake's (the console sends them and pages what Intake answers), and the CSV
/// export carries both marks.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class QueueMarkFilterTests(ConsoleFixture console)
{
    [Fact]
    public async Task The_reviewed_and_assignee_filters_list_and_count_only_the_matches()
    {
        await console.CreateKeyAsync(KeyKind.Operator, "", "筛选审核员");
        var reviewedAndAssigned = await console.SubmitReconciledAsync(p => p.Header.UnitName = "丙单位筛选");
        var reviewedOnly = await console.SubmitReconciledAsync(p => p.Header.UnitName = "丁单位筛选");
        var neither = await console.SubmitReconciledAsync(p => p.Header.UnitName = "戊单位筛选");
        await console.MarkAsync(reviewedAndAssigned, reviewed: true, assignee: "筛选审核员");
        await console.MarkAsync(reviewedOnly, reviewed: true, assignee: null);
        using var client = console.NewClient();
        await client.SignInAsync(console.OperatorKey);

        // The rows' ids (in id order) and the count Intake's filtered listing gave.
        async Task<(string Rows, string Count)> ListAsync(string filters)
        {
            var page = await client.PageAsync($"/?q=单位筛选&{filters}");
            return (string.Join(',', page.QuerySelectorAll("#submissions tbody tr").Select(r => r.GetAttribute("data-submission")!).Order(StringComparer.Ordinal)),
                page.QuerySelector("#count-all")!.TextContent);
        }

        string Ids(params Receipt[] receipts) => string.Join(',', receipts.Select(r => r.SubmissionId).Order(StringComparer.Ordinal));
        Assert.Equal((Ids(reviewedAndAssigned, reviewedOnly), "2"), await ListAsync("reviewed=yes"));
        Assert.Equal((Ids(neither), "1"), await ListAsync("reviewed=no"));
        Assert.Equal((Ids(reviewedAndAssigned), "1"), await ListAsync("assignee=" + Uri.EscapeDataString("筛选审核员")));
        Assert.Equal((Ids(reviewedOnly, neither), "2"), await ListAsync("assignee=-"));
        Assert.Equal((Ids(reviewedOnly), "1"), await ListAsync("assignee=-&reviewed=yes"));

        var page = await client.PageAsync("/?q=单位筛选&reviewed=yes&assignee=-");
        Assert.NotNull(page.QuerySelector("select[name=reviewed] option[value=yes][selected]"));
        Assert.NotNull(page.QuerySelector("select[name=assignee] option[value='-'][selected]"));
    }

    [Fact]
    public async Task The_CSV_export_has_the_reviewed_mark_with_who_and_when_and_the_assignee()
    {
        await console.CreateKeyAsync(KeyKind.Operator, "", "导出审核员");
        var marked = await console.SubmitReconciledAsync(p => p.Header.UnitName = "己单位导出");
        var unmarked = await console.SubmitReconciledAsync(p => p.Header.UnitName = "庚单位导出");
        await console.MarkAsync(marked, reviewed: true, assignee: "导出审核员");
        var reviewedAt = (await console.GetAsync(marked.SubmissionId)).Summary.ReviewedAt.ToDateTimeOffset().ToOffset(TimeSpan.FromHours(8));
        using var client = console.NewClient();
        await client.SignInAsync(console.OperatorKey);

        var export = await (await client.GetAsync("/queue.csv?q=单位导出&sort=unit&dir=asc")).Content.ReadAsStringAsync();
        var filtered = await (await client.GetAsync("/queue.csv?q=单位导出&reviewed=no")).Content.ReadAsStringAsync();

        var lines = export.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(',')).ToList();
        var header = lines[0].ToList();
        Assert.Equal(["待人工判断", "审阅", "分派给", "报送时间（北京时间）"], header.Skip(header.IndexOf("待人工判断")).Take(4));
        var rows = lines.Skip(1).ToDictionary(l => l[^1]);
        Assert.Equal(2, rows.Count);
        var reviewed = rows[marked.SubmissionId][header.IndexOf("审阅")];
        Assert.StartsWith("已审阅（财政局审核员", reviewed, StringComparison.Ordinal);
        Assert.EndsWith($"{reviewedAt:yyyy-MM-dd HH:mm:ss}）", reviewed, StringComparison.Ordinal);
        Assert.Equal("导出审核员", rows[marked.SubmissionId][header.IndexOf("分派给")]);
        Assert.Equal(("", ""), (rows[unmarked.SubmissionId][header.IndexOf("审阅")], rows[unmarked.SubmissionId][header.IndexOf("分派给")]));
        Assert.Equal([unmarked.SubmissionId], filtered.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')[^1]));
    }
}
