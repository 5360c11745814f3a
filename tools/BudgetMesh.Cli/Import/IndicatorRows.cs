using BudgetMesh.Contracts.Budget.V1;

namespace BudgetMesh.Cli.Import;

/// <summary>
/// Indicator rows of ZT and XJ, read by meaning. The operator cell (≥, ＝, 定性, …) anchors the row: the cell before
/// it is the indicator (三级指标/指标名称), the levels are where the heading puts them relative to that cell (so a row
/// printed one column to the left keeps its levels), and the cells after it follow the heading's order when the heading
/// puts 指标性质 right after the indicator name; otherwise the heading does not describe the cells and the usual order
/// (指标值, 计量单位, 权重) is taken.
/// </summary>
internal static class IndicatorRows
{
    private static readonly HashSet<string> Symbols = ["≥", "≤", "=", "＝", ">", "<", "＞", "＜", "≧", "≦"];

    private static readonly HashSet<string> Operators = [.. Symbols, "定性", "定量"];

    /// <summary>The heading row: it names the indicator column (三级指标/指标名称, as the layout profile says).</summary>
    public static bool IsHeading(Row row, TableLayout? layout) => row.Filled.Any(c => Field(layout, c) == "level3");

    public static bool IsIndicator(Row row) => Operator(row) > 0;

    /// <summary>
    /// The row read cell by cell under the heading's columns, when it lines up with them: nothing beyond the heading, an
    /// indicator name that is text (not an operator or a number), an operator cell that is no number, a weight that is a
    /// number, a core flag 是/否. Null when the row does not line up (it is then read by its operator).
    /// </summary>
    public static Indicator? ByHeading(Row heading, Row row, TableLayout? layout)
    {
        var fields = heading.Cells.Select(c => Field(layout, c)).ToList();
        var level3 = fields.IndexOf("level3");
        var name = row.Cell(level3);
        if (level3 < 0 || name.Length == 0 || Operators.Contains(name) || Amounts.IsNumber(name)
            || row.Cells.Skip(fields.Count).Any(c => c.Trim().Length > 0)
            || Enumerable.Range(0, fields.Count).Any(i => fields[i] is null && row.Cell(i).Length > 0))
        {
            return null;
        }

        var indicator = new Indicator();
        for (var i = 0; i < fields.Count; i++)
        {
            var cell = row.Cell(i);
            if (fields[i] is not { } field || cell.Length == 0)
            {
                continue;
            }

            var fits = field switch
            {
                "operator" => !Amounts.IsNumber(cell) && cell.Length <= 6,
                "weight" => Amounts.IsNumber(cell.TrimEnd('%')),
                "targetValue" or "unit" or "level1" or "level2" => !Symbols.Contains(cell),
                _ => true,
            };
            if (!fits || !ColumnFields.Set(indicator, field, cell))
            {
                return null;
            }
        }

        row.Placed = true;
        return indicator;
    }

    /// <param name="layout">The table's profile: which heading names which indicator field, and the printed order of the cells after the operator.</param>
    public static Indicator Read(Row heading, Row row, string where, List<string> notes, TableLayout? layout)
    {
        var fields = heading.Cells.Select(c => Field(layout, c)).ToList();
        var level1 = fields.IndexOf("level1");
        var level2 = fields.IndexOf("level2");
        var level3 = fields.IndexOf("level3");
        var kind = fields.IndexOf("operator");

        var op = Operator(row);
        var shift = level3 - (op - 1);
        string Level(int column) => column >= 0 && column - shift >= 0 && column - shift < op - 1 ? row.Cell(column - shift) : string.Empty;

        var indicator = new Indicator
        {
            Level1 = Level(level1),
            Level2 = Level(level2),
            Level3 = row.Cell(op - 1),
            Operator = row.Cell(op),
        };

        var after = kind == level3 + 1 ? fields.Skip(kind + 1).ToList() : [.. layout?.Order ?? []];
        if (kind != level3 + 1 && !notes.Contains(where))
        {
            notes.Add(where);
        }

        for (var j = 0; j < after.Count; j++)
        {
            var value = row.Cell(op + 1 + j);
            if (value.Length == 0)
            {
                continue;
            }

            if (after[j] is not { } field || !ColumnFields.Set(indicator, field, value))
            {
                row.Placed = false;
                return indicator;
            }
        }

        // Cells beyond the heading's columns carry nothing in a well-formed row.
        row.Placed = row.Cells.Skip(op + 1 + after.Count).All(c => c.Trim().Length == 0);
        return indicator;
    }

    private static string? Field(TableLayout? layout, string heading) => layout?.FieldOf(KeyValueRows.Normalize(heading));

    /// <summary>The first operator cell after at least one other cell (the indicator name), or -1.</summary>
    private static int Operator(Row row)
    {
        for (var i = 1; i < row.Cells.Count; i++)
        {
            if (Operators.Contains(row.Cells[i].Trim()))
            {
                return row.Cell(i - 1).Length > 0 ? i : -1;
            }
        }

        return -1;
    }
}
