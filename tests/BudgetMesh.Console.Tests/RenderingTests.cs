using BudgetMesh.Console.Findings;
using BudgetMesh.Console.Html;
using BudgetMesh.Console.Submissions;
using BudgetMesh.Contracts.Report.V1;

namespace BudgetMesh.Console.Tests;

/// <summary>Pure rendering: encoding, official number format, every seed table, findings on cells and sentences, diffs.</summary>
public sealed class RenderingTests
{
    [Fact]
    public void Interpolated_text_is_encoded_and_markup_is_not()
    {
        var evil = "<script>alert('x')</script>&\"";
        var html = Markup.Of($"<p title=\"{evil}\">{evil}{new Markup("<b>ok</b>")}中文</p>").Value;

        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("&quot;", html, StringComparison.Ordinal);
        Assert.Contains("<b>ok</b>中文", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2686.02", "2,686.02")]
    [InlineData("1234567.5", "1,234,567.50")]
    [InlineData("0", "0.00")]
    [InlineData("-3.5", "-3.50")]
    [InlineData("XX", "XX")]
    public void Amounts_show_thousands_separators_and_two_decimals_and_unreadable_cells_verbatim(string value, string shown) =>
        Assert.Equal(shown, PackageTables.FormatAmount(value));

    [Fact]
    public void A_blank_amount_stays_blank_and_is_not_shown_as_zero() =>
        Assert.Equal("", PackageTables.FormatAmount(null));

    [Fact]
    public void Every_table_of_every_seed_renders_with_its_unit_and_cells_addressed_by_table_row_and_column()
    {
        foreach (var package in Seeds.All())
        {
            var tables = PackageTables.From(package);
            Assert.NotEmpty(tables);
            foreach (var table in tables)
            {
                var html = ConsoleClient.Parse(TableMarkup.Render(table, []).Value);
                Assert.Contains("单位：", html.QuerySelector(".unit")!.TextContent, StringComparison.Ordinal);
                Assert.All(html.QuerySelectorAll("td[data-column]"), td => Assert.Equal(table.Id, td.GetAttribute("data-table")));
            }
        }
    }

    [Fact]
    public void The_GF_table_of_seed_002_prints_code_name_and_amounts_in_order_with_the_total_row()
    {
        var gf = PackageTables.From(Seeds.Jiulongpo()).Single(t => t.Key == TableKey.Gf);
        var html = ConsoleClient.Parse(TableMarkup.Render(gf, []).Value);

        var cell = html.QuerySelector("td[data-table=GF][data-row-code='201'][data-column=total]")!;
        Assert.Equal("2,099.40", cell.TextContent);
        Assert.Contains("num", cell.ClassList);
        Assert.Equal("0", cell.GetAttribute("data-row-index"));
        Assert.Equal("2,246.51", html.QuerySelector("tr.total td[data-column=total]")!.TextContent);
        // Seed 002's printed GF has no 上年预算数 column (no row sets it), so neither does the console's.
        Assert.Equal(["科目编码", "科目名称", "合计", "基本支出", "项目支出"], html.QuerySelectorAll("th").Select(th => th.TextContent));
        Assert.Equal("单位：万元", html.QuerySelector(".unit")!.TextContent);
    }

    [Fact]
    public void A_finding_is_highlighted_on_exactly_the_cells_its_locations_name()
    {
        var package = Seeds.Jiulongpo();
        var view = new ReportView(CannedReports.For("s", 1, "h", package));
        var html = ConsoleClient.Parse(string.Concat(PackageTables.From(package).Select(t => TableMarkup.Render(t, view.Findings).Value)));

        var marked = html.QuerySelectorAll("td[data-findings]").ToList();
        Assert.Contains(marked, td => td.GetAttribute("data-table") == "GF" && td.GetAttribute("data-row-code") == "201" && td.GetAttribute("data-column") == "total"
            && td.ClassList.Contains("sev-warning") && td.GetAttribute("data-findings") == "F1");
        Assert.Contains(marked, td => td.GetAttribute("data-table") == "SG" && td.GetAttribute("data-column") == "reception" && td.GetAttribute("data-findings") == "F2");
        Assert.Contains(marked, td => td.GetAttribute("data-table") == "GF" && td.ParentElement!.ClassList.Contains("total") && td.GetAttribute("data-column") == "total"
            && td.ClassList.Contains("sev-info"));
        Assert.Equal(3, marked.Count);
    }

    [Fact]
    public void A_location_by_row_index_and_a_location_naming_the_repeated_field_find_their_row()
    {
        var package = Seeds.Jiulongpo();
        var sz = PackageTables.From(package).Single(t => t.Key == TableKey.Sz);
        var line = package.Tables.Sz.Expenditure[1];
        var finding = new NumberedFinding("F1", new RuleResult { RuleId = "R" }, new Finding
        {
            Severity = Severity.Error,
            Locations = { new Location { Table = TableKey.Sz, RowCode = line.Code, RowIndex = 1, Column = "expenditure", Label = line.Name } },
        });

        var html = ConsoleClient.Parse(TableMarkup.Render(sz, [finding]).Value);

        var cell = Assert.Single(html.QuerySelectorAll("td.sev-error"));
        Assert.Equal("amount", cell.GetAttribute("data-column"));
        Assert.Equal("1", cell.GetAttribute("data-row-index"));
    }

    [Fact]
    public void Narrative_spans_in_UTF16_units_mark_the_sentence_and_keep_the_rest_verbatim_and_encoded()
    {
        var text = "前言𠀀<b>甲</b>。“三公”经费为5.50万元。结束";
        var start = text.IndexOf("“三公”", StringComparison.Ordinal);
        var findings = new[]
        {
            new NumberedFinding("F1", new RuleResult { RuleId = "T3" }, new Finding { Severity = Severity.Warning, Locations = { new Location { Table = TableKey.Nar, Span = new TextSpan { Start = start, Length = 14 } } } }),
            new NumberedFinding("F2", new RuleResult { RuleId = "T4" }, new Finding { Severity = Severity.Error, Locations = { new Location { Table = TableKey.Nar, Span = new TextSpan { Start = start + 4, Length = 200 } } } }),
        };

        var html = ConsoleClient.Parse($"<div>{NarrativeHighlights.Render(text, findings).Value}</div>");

        foreach (var refs in html.QuerySelectorAll(".refs").ToList())
        {
            refs.Remove();
        }

        Assert.Equal(text, html.Body!.TextContent);
        var marks = html.QuerySelectorAll("mark").ToList();
        Assert.Equal(["“三公”", "经费为5.50万元。", "结束"], marks.Select(m => m.TextContent));
        Assert.Equal(["F1", "F1 F2", "F2"], marks.Select(m => m.GetAttribute("data-findings")));
        Assert.Equal(["sev-warning", "sev-error", "sev-error"], marks.Select(m => m.ClassName));
        Assert.Null(html.QuerySelector("b"));
    }

    [Fact]
    public void Findings_are_grouped_by_severity_then_rule_and_rules_without_findings_are_listed_by_outcome()
    {
        var view = new ReportView(CannedReports.For("s", 1, "h", Seeds.Jiulongpo()));

        var groups = view.BySeverity().ToList();
        Assert.Equal([Severity.Warning, Severity.Info], groups.Select(g => g.Severity));
        Assert.Equal(["R2-ROW-SPLIT", "T3-NAR-SG"], groups[0].Rules.Select(r => r.Key));
        Assert.Equal(["P4-PROJECT-WEIGHTS"], view.WithOutcome(Outcome.NotApplicable).Select(r => r.RuleId));
        Assert.Equal(["C7-JB-PLACEMENT"], view.WithOutcome(Outcome.Review).Select(r => r.RuleId));
        Assert.Equal(["F1", "F2", "F3"], view.Findings.Select(f => f.Id));
    }

    [Fact]
    public void The_diff_between_revisions_names_each_changed_cell_with_before_and_after()
    {
        var before = Seeds.Jiulongpo();
        var after = before.Clone();
        after.Tables.Gf.Rows[0].Total = "2099.30";
        after.Tables.Sg.CurrentYear.Reception = "1.20";
        after.Tables.Gf.Rows.Add(new Contracts.Budget.V1.FunctionExpenditureRow { Code = "2019999", Name = "其他", Total = "1" });

        var changes = RevisionDiff.Between(before, after);

        Assert.Contains(new CellChange("GF", "rows:201", "total", "2099.40", "2099.30"), changes);
        Assert.Contains(new CellChange("SG", "current_year", "reception", "1.00", "1.20"), changes);
        Assert.Contains(new CellChange("GF", "rows:2019999", "name", null, "其他"), changes);
        Assert.Equal(5, changes.Count);
        Assert.Empty(RevisionDiff.Between(before, before.Clone()));
    }
}
