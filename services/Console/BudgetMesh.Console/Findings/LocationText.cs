using BudgetMesh.Console.Submissions;
using BudgetMesh.Contracts.Report.V1;

namespace BudgetMesh.Console.Findings;

/// <summary>
/// Where a location points, in the words of the printed document: the table's name, the row's code and name, the
/// column's printed header; for the narrative, the sentence itself. Never a field name or a character offset.
/// </summary>
internal static class LocationText
{
    private const int SentenceLimit = 80;

    public static string Describe(Location location, string narrative, IReadOnlyList<TableView> tables)
    {
        if (location.Table == TableKey.Nar)
        {
            return location.Span is { Length: > 0 } span && span.Start < narrative.Length
                ? $"情况说明：“{Sentence(narrative, span.Start, Math.Min(narrative.Length, span.Start + span.Length))}”"
                : $"情况说明 {location.Label}".Trim();
        }

        var table = tables.FirstOrDefault(t => t.Key == location.Table
            && (location.Project.Length == 0 || t.Project == location.Project || t.Fields.Any(f => f.Field == "project_name" && f.Value == location.Project)));
        var parts = new List<string> { PackageTables.TableName(location.Table) };
        if (location.Project.Length > 0)
        {
            var name = table?.Fields.FirstOrDefault(f => f.Field == "project_name")?.Value;
            parts.Add(string.IsNullOrEmpty(name) || name == location.Project ? $"项目“{location.Project}”" : $"项目“{name}”");
        }

        var row = table is null ? null : Row(table, location);
        if (location.RowCode.Length > 0)
        {
            parts.Add(row is { Name.Length: > 0 } ? $"{location.RowCode.Trim()} {row.Name}" : location.RowCode.Trim());
        }
        else if (location.RowIndex >= 0)
        {
            parts.Add(row is { Name.Length: > 0 } ? $"第{location.RowIndex + 1}行（{row.Name}）" : $"第{location.RowIndex + 1}行");
        }

        if (location.Label.Length > 0 && !parts.Any(p => p.Contains(location.Label, StringComparison.Ordinal)))
        {
            parts.Add(location.Label);
        }
        else if (location.RowCode.Length == 0 && location.RowIndex < 0 && location.Label.Length == 0)
        {
            parts.Add("合计行");
        }

        if (location.Column.Length > 0)
        {
            parts.Add(ColumnHeader(table, location.Column));
        }

        return string.Join(" · ", parts);
    }

    /// <summary>The sentence holding [start, end): out to the nearest 。；！？ or line break either side, shortened around the span.</summary>
    public static string Sentence(string text, int start, int end)
    {
        static bool Stop(char c) => c is '。' or '；' or '！' or '？' or '\n' or '\r';
        var from = start;
        while (from > 0 && !Stop(text[from - 1]))
        {
            from--;
        }

        var to = end;
        if (end == start || !Stop(text[end - 1]))
        {
            while (to < text.Length && !Stop(text[to]))
            {
                to++;
            }

            if (to < text.Length && text[to] is '。' or '；' or '！' or '？')
            {
                to++;
            }
        }

        var prefix = string.Empty;
        var suffix = string.Empty;
        if (to - from > SentenceLimit)
        {
            var room = Math.Max(0, (SentenceLimit - (end - start)) / 2);
            var cutFrom = Math.Max(from, start - room);
            var cutTo = Math.Min(to, Math.Max(end + room, cutFrom + SentenceLimit));
            (prefix, suffix) = (cutFrom > from ? "…" : string.Empty, cutTo < to ? "…" : string.Empty);
            (from, to) = (cutFrom, cutTo);
        }

        return prefix + text[from..to].Trim() + suffix;
    }

    private static RowView? Row(TableView table, Location location)
    {
        var rows = table.Grids.SelectMany(g => g.Rows.Select(r => (Grid: g, Row: r))).ToList();
        if (location.RowCode.Length > 0)
        {
            return rows.Select(x => x.Row).FirstOrDefault(r => r.Code.Trim() == location.RowCode.Trim() && (location.RowIndex < 0 || r.Index == location.RowIndex))
                ?? rows.Select(x => x.Row).FirstOrDefault(r => r.Code.Trim() == location.RowCode.Trim());
        }

        return rows.Where(x => x.Row.Index == location.RowIndex && (x.Grid.Field == location.Column || x.Row.Source == location.Column || location.Column.Length == 0 || x.Grid.Columns.Any(c => c.Field == location.Column)))
            .Select(x => x.Row).FirstOrDefault();
    }

    private static string ColumnHeader(TableView? table, string column)
    {
        var header = table?.Grids.SelectMany(g => g.Columns).FirstOrDefault(c => c.Field == column)?.Header
            ?? table?.Fields.FirstOrDefault(f => f.Field == column)?.Label
            ?? (table?.Grids.Any(g => g.Field == column) == true ? $"{PackageTables.HeaderOf(column)}金额" : null)
            ?? PackageTables.HeaderOf(column);
        return header is null ? "（未知列）" : $"“{header}”列";
    }
}
