using BudgetMesh.Console.Findings;
using BudgetMesh.Console.Html;

namespace BudgetMesh.Console.Submissions;

/// <summary>
/// A table as printed: title, 单位, code/name/amount columns with amounts right-aligned to 2 decimals, and every
/// cell tagged with data-table/data-row-code/data-column/data-row-index so a finding (and a test) can find it.
/// </summary>
internal static class TableMarkup
{
    public static Markup Render(TableView table, IReadOnlyList<NumberedFinding> findings)
    {
        var label = table.AnnexLabel.Length > 0 ? $"{table.AnnexLabel} " : string.Empty;
        var fields = table.Fields.Count == 0 ? Markup.Empty : Markup.Of($"""
            <table class="fields">{table.Fields.Select(f => Markup.Of($"""<tr><th>{f.Label}</th><td class="{(f.IsAmount ? "num" : "")}" data-table="{table.Id}" data-column="{f.Field}">{(f.IsAmount ? PackageTables.FormatAmount(f.Value) : f.Value)}</td></tr>"""))}</table>
            """);
        var empty = table.DeclaredEmpty
            ? Markup.Of($"""<p class="muted">本表无数据。{table.EmptyExplanation}</p>""")
            : Markup.Empty;
        var notes = Markup.Join(table.Notes.Select(n => Markup.Of($"""<p class="muted">{n}</p>""")));
        return Markup.Of($"""
            <section class="annex" id="table-{table.Id}" data-table="{table.Id}">
            <h3>{label}{table.Title}</h3><div class="unit">单位：{PackageTables.UnitLabel(table.Unit)}</div>
            {empty}{fields}{table.Grids.Select(g => Grid(table, g, findings))}{notes}
            </section>
            """);
    }

    private static Markup Grid(TableView table, GridView grid, IReadOnlyList<NumberedFinding> findings)
    {
        var head = Markup.Join(grid.Columns.Select(c => Markup.Of($"<th>{c.Header}</th>")));
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

                var hits = CellHighlights.At(findings, table, grid, row, column);
                var classes = string.Join(' ', new[] { column.IsAmount ? "num" : "", hits.Count > 0 ? ReportView.SeverityClass(hits.Min(h => ReportView.Normalize(h.Finding.Severity))) : "" }.Where(c => c.Length > 0));
                var ids = string.Join(' ', hits.Select(h => h.Id));
                var title = string.Join("\n", hits.Select(h => $"{h.Id} {h.Rule.RuleId}：{h.Finding.Message}"));
                var at = Markup.Of($"""data-table="{table.Id}" data-row-code="{row.Code}" data-row-index="{row.Index}" data-column="{column.Field}" """);
                return hits.Count == 0
                    ? Markup.Of($"""<td class="{classes}" {at}>{text}</td>""")
                    : Markup.Of($"""<td class="{classes}" {at}data-findings="{ids}" title="{title}">{text}</td>""");
            });
            return Markup.Of($"""<tr class="{(row.IsTotal ? "total" : "")}" data-source="{row.Source}">{cells}</tr>""");
        });
        return Markup.Of($"""<table class="grid" data-grid="{grid.Field}"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>""");
    }
}
