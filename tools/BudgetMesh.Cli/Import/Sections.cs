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
                pendingLabel = only.TrimEnd('：', ':').Trim();
                continue;
            }

            // `附件1：2024年部门收支总表`: the label and the title on one line.
            if (only is not null && source.Kind != LineKind.Cell && TableTitles.LabelAndTitle(only) is { } both && TableTitles.Key(both.Title, layouts) is not null)
            {
                EndRow();
                narrativeEnd = Math.Min(narrativeEnd, i);
                (pendingLabel, only) = (both.Label, both.Title);
            }

            // A title may be printed inside a row of its own (`\t2025年…项目绩效目标表`, `…目标表\t\t\t`); a first title with
            // neither label nor year stands above its 单位 or 编制部门 line.
            if (only is not null && TableTitles.Key(only, layouts) is { } key
                && (pendingLabel is not null || narrativeEnd < lines.Length || TableTitles.IsStandalone(only) || HeadingFollows(lines, i)))
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

            // `部门：312001 政府办      单位：元` (cells apart): a heading line sharing the line with the unit.
            if (current.Rows.Count == 0 && source.Kind == LineKind.Cells && IsHeadingLine(raw) && TableTitles.Unit(raw.Trim()) is not AmountUnit.Unspecified and var shared)
            {
                current.Unit = shared;
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

    /// <summary>The next printed line (within two) is a table's heading: its 单位 or its 编制部门/部门/预算单位.</summary>
    private static bool HeadingFollows(string[] lines, int title)
    {
        foreach (var next in lines.Skip(title + 1).Where(l => l.Trim().Length > 0).Take(2))
        {
            if (IsHeadingLine(next) && !next.Contains('。', StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsHeadingLine(string line)
    {
        var text = line.Trim();
        return TableTitles.Unit(text) is not AmountUnit.Unspecified
            || HeadingLabels.Any(l => text.StartsWith(l, StringComparison.Ordinal));
    }

    private static readonly string[] HeadingLabels = ["编制部门：", "编制部门:", "编制单位：", "编制单位:", "部门：", "部门:", "预算单位：", "预算单位:", "单位名称：", "单位名称:"];
}
