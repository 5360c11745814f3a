using BudgetMesh.Contracts.Budget.V1;

namespace BudgetMesh.Cli.Import;

/// <summary>Splits the lines into the narrative and the annex sections, each with its rows.</summary>
internal static class Sections
{
    public sealed record Result(int NarrativeEnd, List<Section> Tables, List<UnplacedLine> Stray);

    public static Result Split(string[] lines, LayoutProfiles layouts)
    {
        var tables = new List<Section>();
        var stray = new List<UnplacedLine>();
        var narrativeEnd = lines.Length;
        Section? current = null;
        string? pendingLabel = null;
        var cells = new List<string>();
        var cellLines = new List<UnplacedLine>();

        void EndRow()
        {
            if (current is not null && cellLines.Count > 0)
            {
                current.Rows.Add(new Row([.. cells], [.. cellLines]));
            }

            cells.Clear();
            cellLines.Clear();
        }

        for (var i = 0; i < lines.Length; i++)
        {
            var raw = lines[i];
            var line = new UnplacedLine(i + 1, raw);
            var source = LineTokenizer.Read(raw);
            var only = cellLines.Count == 0 ? source.Only : null;

            if (only is not null && TableTitles.IsLabel(only) && source.Kind != LineKind.Cell)
            {
                EndRow();
                narrativeEnd = Math.Min(narrativeEnd, i);
                pendingLabel = only;
                continue;
            }

            // A title may be printed inside a row of its own (`\t2025年…项目绩效目标表`, `…目标表\t\t\t`).
            if (only is not null && TableTitles.Key(only, layouts) is { } key && (pendingLabel is not null || narrativeEnd < lines.Length || TableTitles.IsStandalone(only)))
            {
                EndRow();
                narrativeEnd = Math.Min(narrativeEnd, pendingLabel is null ? i : narrativeEnd);
                // 项目绩效目标表 is one annex of one table per project: the label printed above the first covers the rest.
                var label = pendingLabel ?? (key == "XJ" && current is { Key: "XJ" } previous ? previous.Label : string.Empty);
                current = new Section { Key = key, Label = label, Title = only };
                pendingLabel = null;
                tables.Add(current);
                continue;
            }

            if (current is null)
            {
                if (pendingLabel is not null && source.Kind != LineKind.Blank)
                {
                    stray.Add(line with { Reason = "附件标签之后、表名之前的行" });
                }

                continue;
            }

            if (only is not null && current.Rows.Count == 0 && TableTitles.IsSubtitle(only))
            {
                current.Title += only;
                continue;
            }

            if (only is not null && (TableTitles.IsYearSubtitle(only) || TableTitles.IsPageNumber(only)))
            {
                continue;
            }

            if (only is not null && TableTitles.Unit(only) is not AmountUnit.Unspecified and var unit)
            {
                current.Unit = unit;
                continue;
            }

            if (only is not null && source.Kind != LineKind.Cell && TableTitles.IsRemark(only))
            {
                EndRow();
                current.Remarks.Add(only);
                continue;
            }

            switch (source.Kind)
            {
                case LineKind.Cell:
                    // One cell per line: the row goes on until a blank line; a quoted cell may span lines.
                    var cell = source.Cells[0];
                    var spanned = new List<UnplacedLine> { line };
                    if (LineTokenizer.OpensQuote(cell))
                    {
                        var end = i + 1;
                        while (end < lines.Length && !LineTokenizer.ClosesQuote(lines[end]) && LineTokenizer.Read(lines[end]).Kind != LineKind.Cell)
                        {
                            end++;
                        }

                        if (end < lines.Length && LineTokenizer.ClosesQuote(lines[end]))
                        {
                            cell = string.Join('\n', [cell, .. lines[(i + 1)..(end + 1)]]);
                            spanned.AddRange(Enumerable.Range(i + 1, end - i).Select(n => new UnplacedLine(n + 1, lines[n])));
                            i = end;
                        }
                    }

                    cells.Add(cell);
                    cellLines.AddRange(spanned);
                    break;
                case LineKind.Blank:
                    EndRow();
                    break;
                default:
                    EndRow();
                    current.Rows.Add(new Row([.. source.Cells], [line]));
                    break;
            }
        }

        EndRow();
        foreach (var table in tables)
        {
            table.Key = TableTitles.Key(table.Title, layouts) ?? table.Key;
            AlignedColumns.Apply(table);
        }

        return new Result(narrativeEnd, tables, stray);
    }
}
