using BudgetMesh.Console.Findings;
using BudgetMesh.Console.Html;

namespace BudgetMesh.Console.Submissions;

/// <summary>
/// A table as printed: title, 单位, code/name/amount columns with amounts right-aligned to 2 decimals, and every
/// cell tagged with data-table/data-row-code/data-column/data-row-index so a finding (and a test) can find it.
/// A table is a collapsible section, open when a finding points into it; a marked cell shows its F-numbers as
/// links to the findings list and carries the id the finding links back to.
/// </summary>
internal static class TableMarkup
{
    public static Markup Render(TableView table, IReadOnlyList<NumberedFinding> findings, FindingAnchors? anchors = null)
    {
        anchors ??= new FindingAnchors();
        var label = table.AnnexLabel.Length > 0 ? $"{table.AnnexLabel} " : string.Empty;
        var fields = table.Fields.Count == 0 ? Markup.Empty : Markup.Of($"""
            <table class="fields">{table.Fields.Select(f => Markup.Of($"""<tr><th scope="row">{f.Label}</th><td class="{(f.IsAmount ? "num" : "")}" data-table="{table.Id}" data-column="{f.Field}">{(f.IsAmount ? PackageTables.FormatAmount(f.Value) : f.Value)}</td></tr>"""))}</table>
            """);
        var empty = table.DeclaredEmpty
            ? Markup.Of($"""<p class="muted">本表无数据。{table.EmptyExplanation}</p>""")
            : Markup.Empty;
        var notes = Markup.Join(table.Notes.Select(n => Markup.Of($"""<p class="muted">{n}</p>""")));
        var grids = Markup.Join(table.Grids.Select(g => Grid(table, g, findings, anchors)));
        var marked = grids.Value.Contains("data-findings=", StringComparison.Ordinal);
        return Markup.Of($"""
            <details class="annex" id="table-{table.Id}" data-table="{table.Id}"{(marked ? new Markup(" open") : Markup.Empty)}>
            <summary><h3>{label}{table.Title}{(marked ? new Markup("""<span class="badge warn">有发现</span>""") : Markup.Empty)}</h3></summary><div class="unit">单位：{PackageTables.UnitLabel(table.Unit)}</div>
            {empty}{fields}{grids}{notes}
            </details>
            """);
    }

    private static Markup Grid(TableView table, GridView grid, IReadOnlyList<NumberedFinding> findings, FindingAnchors anchors)
    {
        var head = Markup.Join(grid.Columns.Select(c => Markup.Of($"""<th scope="col">{c.Header}</th>""")));
        var rows = grid.Rows.Select(row =>
        {
            var cells = grid.Columns.Select(column =>
            {
                var value = row.Cells.GetValueOrDefault(column.Field);
                var text = column.IsAmount ? PackageTables.FormatAmount(value) : value;
                if (row.Index < 0 && string.IsNullOrEmpty(text) && column.Field is "name" or "label" or "code")
                {
                    text = column.Field == "code" ? string.Empty : row.Label;
                }

                var pointers = findings
                    .SelectMany(f => f.Finding.Locations.Select((l, i) => (Finding: f, Location: l, Index: i)))
                    .Where(x => CellHighlights.Matches(x.Location, table, grid, row, column))
                    .ToList();
                var hits = pointers.Select(p => p.Finding).Distinct().ToList();
                var classes = string.Join(' ', new[] { column.IsAmount ? "num" : "", hits.Count > 0 ? ReportView.SeverityClass(hits.Min(h => ReportView.Normalize(h.Finding.Severity))) : "" }.Where(c => c.Length > 0));
                var at = Markup.Of($"""data-table="{table.Id}" data-row-code="{row.Code}" data-row-index="{row.Index}" data-column="{column.Field}" """);
                if (hits.Count == 0)
                {
                    return Markup.Of($"""<td class="{classes}" {at}>{text}</td>""");
                }

                var id = anchors.Add("c", pointers.Select(p => (p.Finding.Id, p.Index)));
                var ids = string.Join(' ', hits.Select(h => h.Id));
                var title = string.Join("\n", hits.Select(h => $"{h.Id} {RuleNames.Code(h.Rule.RuleId)}：{h.Finding.Message}"));
                return Markup.Of($"""<td id="{id}" class="{classes}" {at}data-findings="{ids}" title="{title}"><span class="v">{text}</span>{FindingAnchors.Links(hits)}</td>""");
            });
            return Markup.Of($"""<tr class="{(row.IsTotal ? "total" : "")}" data-source="{row.Source}">{cells}</tr>""");
        });
        return Markup.Of($"""<table class="grid" data-grid="{grid.Field}"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>""");
    }
}
