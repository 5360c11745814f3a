using System.Globalization;
using System.Text;
using BudgetMesh.Contracts.Budget.V1;
using Google.Protobuf;

namespace BudgetMesh.Publication.Rendering;

/// <summary>
/// What the page says besides the package itself: the approved revision and, once it goes on the website, the
/// publication date (Beijing's calendar). The same facts always give the same bytes.
/// </summary>
internal sealed record DisclosureFacts(Guid SubmissionId, int Revision, string ContentHash, DateOnly? PublishedOn = null)
{
    /// <summary>The day <paramref name="at"/> falls on in Beijing (UTC+8 all year), the date the public reads.</summary>
    public static DateOnly BeijingDate(DateTimeOffset at) => DateOnly.FromDateTime(at.ToOffset(TimeSpan.FromHours(8)).DateTime);
}

/// <summary>
/// A disclosure's files: the page (narrative in its sections, every annex table in the official layout), one CSV
/// per table and the package as protobuf JSON. Pure: the same package and facts always give the same bytes.
/// </summary>
internal static class DisclosureRenderer
{
    private static readonly JsonFormatter Json = new(JsonFormatter.Settings.Default.WithIndentation("  "));

    public static IReadOnlyList<SiteFile> Render(BudgetPackage package, DisclosureFacts facts)
    {
        var header = package.Header ?? new PackageHeader();
        var directory = SitePaths.Directory(header);
        var tables = TableLayouts.From(package);
        var files = new List<SiteFile> { new(SitePaths.Page(directory), Encoding.UTF8.GetBytes(Page(package, tables, facts)), "text/html; charset=utf-8") };
        files.AddRange(tables.Select(t => new SiteFile(directory + CsvPath(t), Csv.Write(t), "text/csv; charset=utf-8")));
        files.Add(new SiteFile(directory + "package.json", Encoding.UTF8.GetBytes(Json.Format(package) + "\n"), "application/json; charset=utf-8"));
        return files;
    }

    public static string CsvPath(DisclosureTable table) => $"tables/{table.FileKey}.csv";

    public static string Page(BudgetPackage package, IReadOnlyList<DisclosureTable> tables, DisclosureFacts facts)
    {
        var header = package.Header ?? new PackageHeader();
        var year = header.BudgetYear.ToString(CultureInfo.InvariantCulture);
        var title = string.IsNullOrWhiteSpace(header.DocumentTitle) ? $"{year}年部门预算公开" : header.DocumentTitle;
        var html = new StringBuilder(256 * 1024);
        Html.Head(html, $"{header.UnitName} {title}");
        html.Append("<p class=\"meta\"><a href=\"../index.html\">").Append(Html.Encode(header.DistrictName)).Append(' ').Append(year).Append("年部门预算公开</a></p>\n")
            .Append("<h1>").Append(Html.Encode(header.UnitName)).Append("<br>").Append(Html.Encode(title)).Append("</h1>\n")
            .Append("<p class=\"meta\">主管部门：").Append(Html.Encode(header.DepartmentName)).Append("　预算年度：").Append(year)
            .Append("年　金额单位：").Append(Amounts.UnitName(header.AmountUnit));
        if (facts.PublishedOn is { } published)
        {
            html.Append('　');
            Html.PublishedOn(html, published);
        }

        html.Append("</p>\n");

        html.Append("<nav class=\"toc\"><h2>目录</h2><ol>\n<li><a href=\"#narrative\">情况说明</a></li>\n");
        foreach (var table in tables)
        {
            html.Append("<li><a href=\"#table-").Append(table.FileKey).Append("\">").Append(Html.Encode(Caption(table))).Append("</a></li>\n");
        }

        html.Append("</ol></nav>\n");
        Narrative(html, package.Narrative?.Text ?? string.Empty);
        html.Append("<h2 id=\"tables\">附表</h2>\n");
        foreach (var table in tables)
        {
            Table(html, table, header);
        }

        html.Append("<h2 id=\"downloads\">数据下载</h2>\n<p class=\"downloads\"><a href=\"package.json\" download=\"")
            .Append(Html.Encode(DownloadName(header, "预算公开数据", "json"))).Append("\">完整预算公开数据（JSON）</a></p>\n<ul class=\"list\">\n");
        foreach (var table in tables)
        {
            html.Append("<li><a href=\"").Append(CsvPath(table)).Append("\" download=\"").Append(Html.Encode(DownloadName(header, Caption(table), "csv"))).Append("\">")
                .Append(Html.Encode(Caption(table))).Append("（CSV）</a></li>\n");
        }

        html.Append("</ul>\n");
        if (header.Contact is { } contact && (contact.Name.Length > 0 || contact.Phone.Length > 0))
        {
            html.Append("<p class=\"meta\">部门预算公开联系人：").Append(Html.Encode(contact.Name)).Append("　联系电话：").Append(Html.Encode(contact.Phone)).Append("</p>\n");
        }

        Html.Tail(html, $"本页依据经审核批准的预算公开材料生成。报送编号 {facts.SubmissionId:D}，第{facts.Revision.ToString(CultureInfo.InvariantCulture)}版，内容校验值（SHA-256）{Html.Encode(facts.ContentHash)}。");
        return html.ToString();
    }

    // A 项目绩效目标表 is printed once per project under the same title: its caption names the project, so the
    // table of contents and the downloads can tell them apart.
    private static string Caption(DisclosureTable table)
    {
        var caption = string.IsNullOrWhiteSpace(table.AnnexLabel) ? table.Title : $"{table.AnnexLabel} {table.Title}";
        var project = table.Fields.FirstOrDefault(f => f.Label == "项目名称")?.Value;
        return string.IsNullOrWhiteSpace(project) || caption.Contains(project, StringComparison.Ordinal) ? caption : $"{caption}（{project.Trim()}）";
    }

    /// <summary>
    /// The name a download is saved under: unit, year and table, so the files of different departments and years
    /// never collide in a download folder (the path itself stays the short, stable tables/GF.csv).
    /// </summary>
    public static string DownloadName(PackageHeader header, string what, string extension)
    {
        var name = $"{header.UnitName}-{header.BudgetYear.ToString(CultureInfo.InvariantCulture)}年-{what}";
        var safe = new string([.. name.Select(c => c is '/' or '\\' or ':' or '*' or '?' or '"' or '<' or '>' or '|' || char.IsWhiteSpace(c) || char.IsControl(c) ? '_' : c)]);
        return $"{safe}.{extension}";
    }

    private static void Narrative(StringBuilder html, string text)
    {
        html.Append("<section class=\"narrative\" id=\"narrative\">\n<h2>情况说明</h2>\n");
        foreach (var section in NarrativeSections.Split(text))
        {
            html.Append("<section class=\"part\">");
            if (section.Heading is not null)
            {
                html.Append("<h3 class=\"heading\" style=\"text-align:left\">").Append(Html.Encode(section.Heading)).Append("</h3>");
            }

            html.Append("<div class=\"text\">").Append(Html.Encode(section.Body)).Append("</div></section>\n");
        }

        html.Append("</section>\n");
    }

    private static void Table(StringBuilder html, DisclosureTable table, PackageHeader header)
    {
        html.Append("<section class=\"annex\" id=\"table-").Append(table.FileKey).Append("\" data-table=\"").Append(table.FileKey).Append("\">\n<h3>");
        if (!string.IsNullOrWhiteSpace(table.AnnexLabel))
        {
            html.Append("<span class=\"label\">").Append(Html.Encode(table.AnnexLabel)).Append("</span> ");
        }

        html.Append("<span class=\"title\">").Append(Html.Encode(table.Title)).Append("</span></h3>\n")
            .Append("<p class=\"unit\">单位：").Append(table.UnitText).Append("</p>\n");
        if (table.Fields.Count > 0)
        {
            html.Append("<div class=\"scroll\"><table class=\"fields\"><tbody>\n");
            foreach (var field in table.Fields)
            {
                html.Append("<tr><th scope=\"row\">").Append(Html.Encode(field.Label)).Append("</th><td class=\"field-value")
                    .Append(field.Kind == CellKind.Amount ? " amount" : string.Empty).Append("\">")
                    .Append(Html.Encode(field.Kind == CellKind.Amount ? Amounts.Format(field.Value) : field.Value)).Append("</td></tr>\n");
            }

            html.Append("</tbody></table></div>\n");
        }

        html.Append("<div class=\"scroll\"><table class=\"grid\"><thead><tr>");
        foreach (var column in table.Columns)
        {
            html.Append("<th scope=\"col\">").Append(Html.Encode(column.Header)).Append("</th>");
        }

        html.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in table.Rows)
        {
            html.Append(row.IsTotal ? "<tr class=\"total\">" : "<tr>");
            var nameIndented = false;
            for (var i = 0; i < table.Columns.Count; i++)
            {
                var kind = table.Columns[i].Kind;
                var cell = i < row.Cells.Count ? row.Cells[i] : null;
                var css = kind switch
                {
                    CellKind.Amount => "amount",
                    CellKind.Code => "code",
                    _ => "text",
                };

                // The first text column after a code carries the level's indentation, as printed.
                if (kind == CellKind.Text && !nameIndented && i > 0 && table.Columns[i - 1].Kind == CellKind.Code)
                {
                    nameIndented = true;
                    if (row.Indent > 0)
                    {
                        css += " level-" + row.Indent.ToString(CultureInfo.InvariantCulture);
                    }
                }

                html.Append("<td class=\"").Append(css).Append("\">")
                    .Append(Html.Encode(kind == CellKind.Amount ? Amounts.Format(cell) : cell)).Append("</td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</tbody></table></div>\n");
        if (table.DeclaredEmpty)
        {
            html.Append("<p class=\"empty\">")
                .Append(table.EmptyExplanation.Length > 0 ? Html.Encode(table.EmptyExplanation) : "（此表无数据。）").Append("</p>\n");
        }

        foreach (var note in table.Notes)
        {
            html.Append("<p class=\"note\">").Append(Html.Encode(note)).Append("</p>\n");
        }

        html.Append("<p class=\"download\"><a href=\"").Append(CsvPath(table)).Append("\" download=\"").Append(Html.Encode(DownloadName(header, Caption(table), "csv")))
            .Append("\">下载本表（CSV）</a></p>\n</section>\n");
    }
}
