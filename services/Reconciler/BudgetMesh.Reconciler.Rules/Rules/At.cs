using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Report.V1;

namespace BudgetMesh.Reconciler.Rules;

/// <summary>Builds <see cref="Location"/>s the same way everywhere.</summary>
internal static class At
{
    public static Location Cell(TableKey table, CodedRow row, string column) => Cell(table, row.Code, row.RowIndex, column);

    public static Location Cell(TableKey table, string rowCode, int rowIndex, string column, string label = "") => new()
    {
        Table = table,
        RowCode = rowCode,
        Column = column,
        RowIndex = rowIndex,
        Label = label.Length > 0 ? label : rowIndex < 0 && rowCode.Length == 0 ? "合计行" : string.Empty,
    };

    public static Location Labeled(TableKey table, string column, string label, int rowIndex = -1) => new()
    {
        Table = table,
        Column = column,
        RowIndex = rowIndex,
        Label = label,
    };

    public static Location Table(TableKey table, string label = "") => new() { Table = table, RowIndex = -1, Label = label };

    /// <summary>How a row is named in a message: "合计行" or "201 一般公共服务支出".</summary>
    public static string RowName(CodedRow row) => row.RowIndex < 0 ? "合计行" : $"{row.Code} {row.Name.Trim()}";
}
