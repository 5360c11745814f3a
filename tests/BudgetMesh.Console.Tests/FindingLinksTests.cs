using AngleSharp.Dom;
using BudgetMesh.Console.Findings;
using BudgetMesh.Console.Submissions;
using BudgetMesh.Contracts.Report.V1;
using Google.Protobuf.Reflection;

namespace BudgetMesh.Console.Tests;

/// <summary>Pure: findings and the cells and sentences they point at link to each other, in the document's own words.</summary>
public sealed class FindingLinksTests
{
    [Fact]
    public void Every_place_a_finding_names_links_to_a_marked_cell_or_sentence_which_links_back_to_that_finding()
    {
        var page = RenderSeedPage(out var view);

        foreach (var finding in view.Findings)
        {
            var row = page.QuerySelector($"#finding-{finding.Id}")!;
            var links = row.QuerySelectorAll("td.places a.place").ToList();
            Assert.NotEmpty(links);
            foreach (var link in links)
            {
                var target = page.GetElementById(link.GetAttribute("href")!.TrimStart('#'));
                Assert.NotNull(target);
                Assert.Contains(finding.Id, target!.GetAttribute("data-findings")!.Split(' '));
                var back = target.NextElementSibling is { ClassName: "refs" } after ? after : target.QuerySelector(".refs");
                Assert.Contains(back!.QuerySelectorAll("a"), a => a.GetAttribute("href") == $"#finding-{finding.Id}");
            }
        }
    }

    [Fact]
    public void A_marked_cell_shows_its_F_number_as_a_keyboard_reachable_link_and_keeps_its_value_apart()
    {
        var page = RenderSeedPage(out _);

        var cell = page.QuerySelector("td[data-table=GF][data-row-code='201'][data-column=total]")!;
        Assert.Equal("2,099.40", cell.QuerySelector(".v")!.TextContent);
        var link = Assert.Single(cell.QuerySelectorAll(".refs a"));
        Assert.Equal("F1", link.TextContent);
        Assert.Equal("#finding-F1", link.GetAttribute("href"));
        Assert.False(string.IsNullOrEmpty(cell.Id));
    }

    [Fact]
    public void A_table_with_a_finding_is_open_and_one_without_is_collapsed()
    {
        var page = RenderSeedPage(out _);

        Assert.True(page.QuerySelector("details#table-GF")!.HasAttribute("open"));
        Assert.False(page.QuerySelector("details#table-CZ")!.HasAttribute("open"));
    }

    [Fact]
    public void Places_are_named_by_table_row_and_printed_column_and_a_sentence_by_its_words()
    {
        var page = RenderSeedPage(out _);

        Assert.Equal("一般公共预算财政拨款支出预算表 · 201 一般公共服务支出 · “合计”列", page.QuerySelector("#finding-F1 a.place")!.TextContent);
        var places = page.QuerySelectorAll("#finding-F2 .place").Select(p => p.TextContent).ToList();
        Assert.Equal("情况说明：“四、“三公”经费情况说明”", places[0]);
        Assert.Equal("一般公共预算“三公”经费支出表 · 本年预算数 · “公务接待费”列", places[1]);
        Assert.DoesNotContain(page.QuerySelectorAll(".place"), p => p.TextContent.Contains("字符", StringComparison.Ordinal) || p.TextContent.Contains('_'));
    }

    [Theory]
    [InlineData("前言。2023年“三公”经费预算5.5万元，比上年增加0万元。结束。", "“三公”经费预算5.5万元", "2023年“三公”经费预算5.5万元，比上年增加0万元。")]
    [InlineData("甲\n乙丙丁\n戊", "丙", "乙丙丁")]
    public void A_narrative_location_reads_as_the_sentence_around_it(string text, string figure, string sentence)
    {
        var start = text.IndexOf(figure, StringComparison.Ordinal);
        Assert.Equal(sentence, LocationText.Sentence(text, start, start + figure.Length));
    }

    [Fact]
    public void A_long_sentence_is_shortened_around_the_span_with_ellipses()
    {
        var text = new string('甲', 200) + "目标数字" + new string('乙', 200) + "。";
        var start = text.IndexOf("目标数字", StringComparison.Ordinal);

        var shown = LocationText.Sentence(text, start, start + 4);

        Assert.Contains("目标数字", shown, StringComparison.Ordinal);
        Assert.StartsWith("…", shown, StringComparison.Ordinal);
        Assert.EndsWith("…", shown, StringComparison.Ordinal);
        Assert.True(shown.Length <= 90, shown);
    }

    [Fact]
    public void Every_column_of_every_annex_table_has_a_Chinese_header()
    {
        var missing = new List<string>();
        void Walk(MessageDescriptor type, HashSet<string> seen)
        {
            if (!seen.Add(type.FullName))
            {
                return;
            }

            foreach (var field in type.Fields.InFieldNumberOrder())
            {
                if (field.FieldType == FieldType.Message)
                {
                    if (field.MessageType.Name != "TableMeta")
                    {
                        Walk(field.MessageType, seen);
                    }
                }
                else if (field.Name != "source" && PackageTables.HeaderFor(type, field.Name) is null)
                {
                    missing.Add($"{type.Name}.{field.Name}");
                }
            }
        }

        Walk(Contracts.Budget.V1.AnnexTables.Descriptor, []);

        Assert.Empty(missing);
    }

    [Fact]
    public void Rules_show_their_short_code_and_catalog_title_and_every_catalog_rule_has_both()
    {
        Assert.Equal("R2", RuleNames.Code("R2-ROW-SPLIT"));
        Assert.Equal("功能分类支出表各行合计等于基本支出加项目支出", RuleNames.Title("R2-ROW-SPLIT"));
        Assert.All(RuleNames.Ids, id => Assert.Matches("^[A-Z][0-9]{1,2}$", RuleNames.Code(id)));
        Assert.DoesNotMatch("[A-Za-z]{3,}", RuleNames.Title("NOT-IN-CATALOG"));
    }

    private static IDocument RenderSeedPage(out ReportView view)
    {
        var package = Seeds.Jiulongpo();
        var report = new ReportView(CannedReports.For("s", 1, "h", package));
        view = report;
        var anchors = new FindingAnchors();
        var tables = PackageTables.From(package);
        var text = package.Narrative.Text;
        var narrative = NarrativeHighlights.Render(text, report.Findings, anchors).Value;
        var tableHtml = string.Concat(tables.Select(t => TableMarkup.Render(t, report.Findings, anchors).Value));
        var findings = FindingsSection.Render(report, null, text, tables, anchors).Value;
        return ConsoleClient.Parse($"<main>{findings}<div id=\"narrative\">{narrative}</div>{tableHtml}</main>");
    }
}
