using System.Text;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Publication.Rendering;
using Google.Protobuf;

namespace BudgetMesh.Publication.Tests;

/// <summary>The pure renderer: official layout, exact numbers, verbatim narrative, escaping, stable bytes.</summary>
public sealed class RenderingTests
{
    private static readonly DisclosureFacts Facts = new(Guid.Parse("7d3f7a36-55c9-4ff4-9a55-4d3c0f3b2a11"), 2, "abc123");

    [Fact]
    public void Each_project_target_table_is_named_by_its_project_and_downloads_carry_unit_year_and_table()
    {
        var package = Seeds.Package(Seeds.Dadukou2025);
        var page = Parse(DisclosureRenderer.Render(package, Facts), "index.html");

        var targets = page.QuerySelectorAll("nav.toc a[href^='#table-XJ']").Select(a => a.TextContent).ToList();
        Assert.Equal(package.Tables.Xj.Count, targets.Count);
        Assert.Equal(targets.Count, targets.Distinct().Count());
        Assert.All(package.Tables.Xj, xj => Assert.Contains(targets, t => t.EndsWith($"（{xj.ProjectName}）", StringComparison.Ordinal) || t.Contains(xj.ProjectName, StringComparison.Ordinal)));
        var links = page.QuerySelectorAll("a[download]").Select(a => (Href: a.GetAttribute("href")!, Name: a.GetAttribute("download")!)).Distinct().ToList();
        // One name per file, and no two files share a name.
        Assert.Equal(links.Select(l => l.Href).Distinct().Count(), links.Count);
        var downloads = links.Select(l => l.Name).ToList();
        Assert.Equal(downloads.Count, downloads.Distinct().Count());
        var prefix = $"{package.Header.UnitName}-{package.Header.BudgetYear}年-";
        Assert.All(downloads, name => Assert.StartsWith(prefix, name, StringComparison.Ordinal));
        Assert.Contains(prefix + "预算公开数据.json", downloads);
    }

    [Fact]
    public void A_published_page_shows_its_publication_date_on_Beijings_calendar_and_a_preview_without_one_shows_none()
    {
        var package = Seeds.Package(Seeds.Jiulongpo2025);
        // 2026-03-04 20:30 UTC is already 5 March in Beijing.
        var published = Facts with { PublishedOn = DisclosureFacts.BeijingDate(new DateTimeOffset(2026, 3, 4, 20, 30, 0, TimeSpan.Zero)) };

        var page = Parse(DisclosureRenderer.Render(package, published), "index.html");
        var unpublished = Parse(DisclosureRenderer.Render(package, Facts), "index.html");

        var date = page.QuerySelector("p.meta .published time")!;
        Assert.Equal("公开日期：2026年3月5日", date.ParentElement!.TextContent);
        Assert.Equal("2026-03-05", date.GetAttribute("datetime"));
        Assert.Null(unpublished.QuerySelector(".published"));
        // The index lists it with the same words.
        var index = Encoding.UTF8.GetString(IndexPages.District(package.Header.DistrictCode, package.Header.BudgetYear,
            [new IndexEntry(package.Header.DistrictCode, package.Header.DistrictName, package.Header.BudgetYear, package.Header.DepartmentName,
                package.Header.UnitCode, package.Header.UnitName, "x/", new DateTimeOffset(2026, 3, 4, 20, 30, 0, TimeSpan.Zero))]).Content);
        Assert.Contains("公开日期：<time datetime=\"2026-03-05\">2026年3月5日</time>", index, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Seeds.Jiulongpo2025)]
    [InlineData(Seeds.Dadukou2025)]
    [InlineData(Seeds.Zhengwuban2023)]
    public void Every_present_table_is_on_the_page_with_its_title_unit_and_a_csv(string seed)
    {
        var package = Seeds.Package(seed);
        var files = DisclosureRenderer.Render(package, Facts);
        var page = Parse(files, "index.html");
        var expected = PresentKeys(package.Tables);

        var sections = page.QuerySelectorAll("section.annex").Select(s => s.GetAttribute("data-table") ?? "").ToList();
        Assert.Equal(expected, sections);
        foreach (var key in expected)
        {
            var section = page.QuerySelector($"#table-{key}")!;
            Assert.False(string.IsNullOrWhiteSpace(section.QuerySelector("h3 .title")!.TextContent));
            Assert.Matches("^单位：(万元|元)$", section.QuerySelector(".unit")!.TextContent);
            Assert.NotNull(section.QuerySelector("table.grid thead th"));
            Assert.Contains(files, f => f.Path.EndsWith($"/tables/{key}.csv", StringComparison.Ordinal));
        }

        var header = package.Header;
        Assert.Equal($"/{header.DistrictCode}/{header.BudgetYear}/{header.UnitCode}/index.html", files[0].Path);
        Assert.Contains(files, f => f.Path.EndsWith("/package.json", StringComparison.Ordinal));
    }

    [Fact]
    public void A_unit_that_prints_no_code_gets_a_stable_folder_of_its_own_from_its_printed_name()
    {
        // Shanghai's documents print no unit code (Intake accepts them by name): the page still needs a safe folder.
        var justice = BudgetMesh.Testing.Corpus.Load(BudgetMesh.Testing.Corpus.PutuoJustice2026);
        var office = BudgetMesh.Testing.Corpus.Load(BudgetMesh.Testing.Corpus.PutuoGovOffice2025);
        Assert.Equal(string.Empty, justice.Header.UnitCode);

        var folder = SitePaths.Directory(justice.Header);
        Assert.Matches(@"^/310107/2026/n[0-9a-f]{16}/$", folder);
        Assert.Equal(folder, SitePaths.Directory(justice.Clone().Header));
        Assert.NotEqual(SitePaths.UnitSegment(justice.Header), SitePaths.UnitSegment(office.Header));
        Assert.True(SitePaths.IsSafeSegment(SitePaths.UnitSegment(justice.Header)));
        Assert.Contains(DisclosureRenderer.Render(justice, Facts), f => f.Path == folder + "index.html");

        var coded = Seeds.Package(Seeds.Dadukou2025);
        Assert.Equal(coded.Header.UnitCode, SitePaths.UnitSegment(coded.Header));
    }

    [Fact]
    public void Amounts_get_thousands_separators_and_two_decimals_and_blank_cells_stay_blank()
    {
        Assert.Equal("2,686.02", Amounts.Format("2686.02"));
        Assert.Equal("22,465,060.80", Amounts.Format("22465060.8"));
        Assert.Equal("7.00", Amounts.Format("7"));
        Assert.Equal("-3.50", Amounts.Format("-3.5"));
        Assert.Equal("0.00", Amounts.Format("0"));
        Assert.Equal("", Amounts.Format(null));
        Assert.Equal("—", Amounts.Format("—"));

        // Seed 001's SG prints 因公出国（境）费 and 购置费 blank: blank on the page, not 0.00.
        var page = Parse(DisclosureRenderer.Render(Seeds.Package(Seeds.Dadukou2025), Facts), "index.html");
        var sg = page.QuerySelector("#table-SG tbody tr")!.QuerySelectorAll("td").Select(td => td.TextContent).ToList();
        Assert.Equal(["2025年预算数", "29.70", "", "27.50", "", "27.50", "2.20"], sg);
        var gfTotal = page.QuerySelector("#table-GF tbody tr.total")!.QuerySelectorAll("td.amount").Select(td => td.TextContent).ToList();
        Assert.Contains("2,686.02", gfTotal);
    }

    [Fact]
    public void Rows_are_indented_by_code_level_and_the_total_row_comes_first()
    {
        var page = Parse(DisclosureRenderer.Render(Seeds.Package(Seeds.Dadukou2025), Facts), "index.html");
        var rows = page.QuerySelectorAll("#table-GF tbody tr").ToList();
        Assert.Contains("total", rows[0].ClassList);
        foreach (var row in rows.Skip(1))
        {
            var code = row.QuerySelector("td.code")!.TextContent;
            var name = row.QuerySelectorAll("td")[1];
            var expected = code.Length switch { 3 => null, 5 => "level-1", _ => "level-2" };
            Assert.Equal(expected, name.ClassList.FirstOrDefault(c => c.StartsWith("level-", StringComparison.Ordinal)));
        }
    }

    [Fact]
    public void A_declared_empty_table_shows_its_printed_explanation()
    {
        var page = Parse(DisclosureRenderer.Render(Seeds.Package(Seeds.Dadukou2025), Facts), "index.html");
        Assert.Equal("本单位无政府性基金预算收支，故此表无数据。", page.QuerySelector("#table-JJ .empty")!.TextContent);
    }

    [Fact]
    public void A_table_in_yuan_inside_a_package_in_ten_thousand_yuan_says_so()
    {
        var page = Parse(DisclosureRenderer.Render(Seeds.Package(Seeds.Zhengwuban2023), Facts), "index.html");
        Assert.Equal("单位：元", page.QuerySelector("#table-ZT .unit")!.TextContent);
        Assert.Equal("单位：万元", page.QuerySelector("#table-GF .unit")!.TextContent);
        Assert.Contains(page.QuerySelectorAll("#table-ZT table.fields td"), td => td.TextContent == "22,465,060.80");
    }

    [Theory]
    [InlineData(Seeds.Jiulongpo2025)]
    [InlineData(Seeds.Dadukou2025)]
    [InlineData(Seeds.Zhengwuban2023)]
    public void The_narrative_is_verbatim_in_its_sections(string seed)
    {
        var text = Seeds.Package(seed).Narrative.Text;
        var sections = NarrativeSections.Split(text);
        Assert.Equal(text, NarrativeSections.Join(sections));
        Assert.True(sections.Count(s => s.Heading is not null) >= 3);

        var page = Parse(DisclosureRenderer.Render(Seeds.Package(seed), Facts), "index.html");
        var shown = string.Concat(page.QuerySelectorAll("section.narrative section.part").Select(part =>
            part.QuerySelector("h3.heading") is { } heading ? heading.TextContent + "\n" + part.QuerySelector(".text")!.TextContent : part.QuerySelector(".text")!.TextContent));
        Assert.Equal(text, shown);
    }

    [Fact]
    public void The_csv_has_a_bom_and_carries_the_package_numbers_exactly()
    {
        var package = Seeds.Package(Seeds.Dadukou2025);
        var csv = DisclosureRenderer.Render(package, Facts).Single(f => f.Path.EndsWith("/tables/GF.csv", StringComparison.Ordinal)).Content;
        Assert.Equal([0xEF, 0xBB, 0xBF], csv[..3]);
        var lines = Encoding.UTF8.GetString(csv[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("科目编码,科目名称,2024年预算数（万元）,合计（万元）,基本支出（万元）,项目支出（万元）", lines[0]);
        var rows = lines.Skip(2).Select(l => l.Split(',')).ToList();
        Assert.Equal(package.Tables.Gf.Rows.Select(r => r.Code), rows.Select(r => r[0]));
        Assert.Equal(package.Tables.Gf.Rows.Select(r => r.HasTotal ? r.Total : ""), rows.Select(r => r[3]));
        Assert.Equal(package.Tables.Gf.TotalRow.Total, lines[1].Split(',')[3]);
    }

    [Fact]
    public void Csv_cells_are_quoted_and_formulas_are_defused_but_negative_amounts_stay_numbers()
    {
        Assert.Equal("'=HYPERLINK(\"\"x\"\")".Insert(0, "\"") + "\"", Csv.Cell("=HYPERLINK(\"x\")", CellKind.Text));
        Assert.Equal("'+1", Csv.Cell("+1", CellKind.Text));
        Assert.Equal("'@SUM(A1)", Csv.Cell("@SUM(A1)", CellKind.Text));
        Assert.Equal("'-2+3", Csv.Cell("-2+3", CellKind.Amount));
        Assert.Equal("-3.5", Csv.Cell("-3.5", CellKind.Amount));
        Assert.Equal("\"a,b\"", Csv.Cell("a,b", CellKind.Text));
        Assert.Equal("\"两行\n文字\"", Csv.Cell("两行\n文字", CellKind.Text));
        Assert.Equal("", Csv.Cell(null, CellKind.Amount));
    }

    [Fact]
    public void Submitter_text_is_escaped_everywhere_on_the_page()
    {
        var files = DisclosureRenderer.Render(Seeds.Hostile(), Facts);
        var html = Encoding.UTF8.GetString(files[0].Content);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);

        var page = Parse(files, "index.html");
        Assert.Empty(page.QuerySelectorAll("script, img, iframe, object"));
        Assert.Contains(page.QuerySelectorAll("#table-XM td"), td => td.TextContent == Seeds.Attack);
        Assert.Contains(page.QuerySelectorAll("#table-XJ-1 table.fields td"), td => td.TextContent == Seeds.Attack);
        Assert.Contains("<script>window.__xss='unit'</script>", page.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);

        var xj2 = Encoding.UTF8.GetString(files.Single(f => f.Path.EndsWith("/tables/XJ-2.csv", StringComparison.Ordinal)).Content);
        Assert.Contains("\"'=HYPERLINK(", xj2, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_revision_always_renders_the_same_bytes()
    {
        var first = DisclosureRenderer.Render(Seeds.Package(Seeds.Jiulongpo2025), Facts);
        var second = DisclosureRenderer.Render(Seeds.Package(Seeds.Jiulongpo2025), Facts);
        Assert.Equal(first.Select(f => f.Path), second.Select(f => f.Path));
        Assert.All(first.Zip(second), pair => Assert.Equal(pair.First.Content, pair.Second.Content));
    }

    [Fact]
    public void The_json_copy_is_the_package_in_protobuf_json()
    {
        var package = Seeds.Package(Seeds.Zhengwuban2023);
        var json = DisclosureRenderer.Render(package, Facts).Single(f => f.Path.EndsWith("/package.json", StringComparison.Ordinal));
        Assert.Equal(package, new JsonParser(JsonParser.Settings.Default).Parse<BudgetPackage>(Encoding.UTF8.GetString(json.Content)));
    }

    [Fact]
    public void The_index_pages_list_departments_by_district_and_year()
    {
        var entries = new[]
        {
            new IndexEntry("500107", "重庆市九龙坡区", 2025, "重庆市九龙坡区人民政府办公室", "102001", "重庆市九龙坡区人民政府办公室（本级）", "/500107/2025/102001/"),
            new IndexEntry("500107", "重庆市九龙坡区", 2023, "政务办", "128", "政务办<b>", "/500107/2023/128/"),
            new IndexEntry("500104", "重庆市大渡口区", 2025, "区政府办", "103", "区政府办", "/500104/2025/103/"),
        };
        var district = new HtmlParser().ParseDocument(Encoding.UTF8.GetString(IndexPages.District("500107", 2025, entries).Content));
        Assert.Equal(["/500107/2025/102001/index.html"], district.QuerySelectorAll("ul.departments li > a:first-child").Select(a => a.GetAttribute("href")));
        var top = IndexPages.Top(entries);
        Assert.Equal("/index.html", top.Path);
        var links = new HtmlParser().ParseDocument(Encoding.UTF8.GetString(top.Content)).QuerySelectorAll("ul.districts a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(["/500104/2025/index.html", "/500107/2025/index.html", "/500107/2023/index.html"], links);
        Assert.Contains("政务办&lt;b&gt;", Encoding.UTF8.GetString(IndexPages.District("500107", 2023, entries).Content), StringComparison.Ordinal);
    }

    internal static List<string> PresentKeys(AnnexTables t)
    {
        var keys = new List<string>();
        void Add(string key, object? table)
        {
            if (table is not null)
            {
                keys.Add(key);
            }
        }

        Add("CZ", t.Cz);
        Add("GF", t.Gf);
        Add("JB", t.Jb);
        Add("JBG", t.Jbg);
        Add("SG", t.Sg);
        Add("JJ", t.Jj);
        Add("GZ", t.Gz);
        Add("SZ", t.Sz);
        Add("SR", t.Sr);
        Add("ZC", t.Zc);
        Add("XMJ", t.Xmj);
        Add("XMG", t.Xmg);
        Add("XM", t.Xm);
        Add("CG", t.Cg);
        Add("ZT", t.Zt);
        keys.AddRange(t.Xj.Select((_, i) => $"XJ-{i + 1}"));
        return keys;
    }

    private static IHtmlDocument Parse(IReadOnlyList<SiteFile> files, string suffix) =>
        new HtmlParser().ParseDocument(Encoding.UTF8.GetString(files.First(f => f.Path.EndsWith(suffix, StringComparison.Ordinal)).Content));
}
