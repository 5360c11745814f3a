using BudgetMesh.Contracts.Budget.V1;

namespace BudgetMesh.Cli.Import;

/// <summary>SG: the first all-amount row after the headings is the budget year (合计, 出国, 车辆小计, 购置, 运行, 接待).</summary>
internal static class ThreePublicReader
{
    public static ThreePublicExpensesTable Read(Section section, TableMeta meta)
    {
        var table = new ThreePublicExpensesTable { Meta = meta };
        foreach (var row in section.Rows)
        {
            var cells = row.Cells.Select(c => c.Trim()).ToList();
            while (cells.Count > 0 && cells[^1].Length == 0)
            {
                cells.RemoveAt(cells.Count - 1);
            }

            if (table.CurrentYear is null && cells.Count >= 5 && cells.All(c => c.Length == 0 || Amounts.IsNumber(c)) && cells.Any(c => c.Length > 0))
            {
                var fields = Fields(section);
                var figures = new ThreePublicFigures();
                for (var k = 0; k < cells.Count && k < fields.Count; k++)
                {
                    if (fields[k] is { } field && cells[k].Length > 0)
                    {
                        ColumnFields.Set(figures, field, cells[k]);
                    }
                }

                table.CurrentYear = figures;
                row.Placed = true;
            }
            else
            {
                row.Placed = CodedRows.IsHeading(row) || row.IsBlank;
            }
        }

        meta.State = TableState.Rows;
        meta.Notes.AddRange(section.Remarks);
        return table;
    }

    /// <summary>
    /// Where each figure is printed: by the header's column names in the table's layout profile when the table was read by
    /// position (Shanghai prints 公务接待费 before the vehicles and adds 机关运行经费), else in the profile's printed order.
    /// </summary>
    private static List<string?> Fields(Section section)
    {
        var byName = section.Columns.Select(c => section.Layout?.FieldOf(c)).ToList();
        return byName.Any(f => f is not null) ? byName : [.. section.Layout?.Order ?? []];
    }
}
