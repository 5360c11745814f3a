using BudgetMesh.Console.Submissions;
using BudgetMesh.Contracts.Report.V1;

namespace BudgetMesh.Console.Findings;

/// <summary>
/// Decides which findings point at a rendered cell. A location names its table, then its row by code (or by
/// index in the table's rows, or by label such as 本年预算数, or none: the 合计 row), then its column by field name
/// — or by the repeated field's name, e.g. SZ "expenditure", which means that row's amount.
/// </summary>
internal static class CellHighlights
{
    public static bool Matches(Location location, TableView table, GridView grid, RowView row, ColumnView column)
    {
        if (location.Table != table.Key)
        {
            return false;
        }

        if (table.Key == TableKey.Xj && location.Project.Length > 0 && !string.Equals(location.Project, table.Project, StringComparison.Ordinal)
            && !table.Fields.Any(f => f.Field == "project_name" && f.Value == location.Project))
        {
            return false;
        }

        var namesGrid = location.Column.Length > 0 && location.Column == grid.Field;
        var columnMatches = location.Column.Length == 0 || location.Column == column.Field || (namesGrid && IsRowAmount(grid, column));
        if (!columnMatches)
        {
            return false;
        }

        if (location.RowCode.Length > 0)
        {
            return string.Equals(row.Code.Trim(), location.RowCode.Trim(), StringComparison.Ordinal)
                && (location.RowIndex < 0 || row.Index < 0 || row.Index == location.RowIndex);
        }

        if (location.RowIndex >= 0)
        {
            return row.Index == location.RowIndex && (namesGrid || row.Source == grid.Field);
        }

        if (location.Label.Length > 0 && !(row.IsTotal && location.Label.Contains("合计", StringComparison.Ordinal)))
        {
            return row.Label == location.Label || row.Name == location.Label;
        }

        return row.IsTotal;
    }

    // "That row's amount": the column named amount where the row has one beside split columns (SZ's 人员经费,
    // 公用经费, 项目支出), else every amount column of the row.
    private static bool IsRowAmount(GridView grid, ColumnView column) =>
        grid.Columns.Any(c => c.Field == "amount") ? column.Field == "amount" : column.IsAmount;
}
