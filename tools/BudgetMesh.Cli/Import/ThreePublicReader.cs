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
                var order = Order(section.Columns);
                string? At(int i) => order[i] is var k && k >= 0 && k < cells.Count ? Amounts.Parse(cells[k]) : null;
                var figures = new ThreePublicFigures();
                if (At(0) is { } total) figures.Total = total;
                if (At(1) is { } outbound) figures.OutboundTravel = outbound;
                if (At(2) is { } vehicles) figures.VehiclesSubtotal = vehicles;
                if (At(3) is { } purchase) figures.VehiclePurchase = purchase;
                if (At(4) is { } operation) figures.VehicleOperation = operation;
                if (At(5) is { } reception) figures.Reception = reception;
                if (At(6) is { } agency) figures.AgencyOperating = agency;
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
    /// Where each figure is printed: by the header's column names when the table was read by position (Shanghai prints
    /// 公务接待费 before the vehicles and adds 机关运行经费), else in the order the seeds print (合计, 出国, 车辆小计, 购置, 运行, 接待).
    /// </summary>
    private static int[] Order(IReadOnlyList<string> columns)
    {
        if (columns.Count == 0)
        {
            return [0, 1, 2, 3, 4, 5, -1];
        }

        int Find(Func<string, bool> names)
        {
            for (var i = 0; i < columns.Count; i++)
            {
                if (names(columns[i]))
                {
                    return i;
                }
            }

            return -1;
        }

        return
        [
            Find(c => c is "合计" or "总计" || c.StartsWith("合计", StringComparison.Ordinal)),
            Find(c => c.Contains("出国", StringComparison.Ordinal)),
            Find(c => c.Contains("小计", StringComparison.Ordinal)),
            Find(c => c.Contains("购置", StringComparison.Ordinal) && !c.Contains("运行", StringComparison.Ordinal)),
            Find(c => c.Contains("运行", StringComparison.Ordinal) && !c.Contains("购置", StringComparison.Ordinal) && !c.Contains("机关", StringComparison.Ordinal)),
            Find(c => c.Contains("接待", StringComparison.Ordinal)),
            Find(c => c.Contains("机关运行", StringComparison.Ordinal)),
        ];
    }
}
