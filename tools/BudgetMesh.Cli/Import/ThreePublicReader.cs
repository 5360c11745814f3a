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
                string? At(int i) => i < cells.Count ? Amounts.Parse(cells[i]) : null;
                var figures = new ThreePublicFigures();
                if (At(0) is { } total) figures.Total = total;
                if (At(1) is { } outbound) figures.OutboundTravel = outbound;
                if (At(2) is { } vehicles) figures.VehiclesSubtotal = vehicles;
                if (At(3) is { } purchase) figures.VehiclePurchase = purchase;
                if (At(4) is { } operation) figures.VehicleOperation = operation;
                if (At(5) is { } reception) figures.Reception = reception;
                table.CurrentYear = figures;
                row.Placed = true;
            }
            else
            {
                row.Placed = CodedRows.IsHeading(row) || row.IsBlank;
            }
        }

        meta.State = TableState.Rows;
        return table;
    }
}
