namespace BudgetMesh.Contracts.Report.V1;

/// <summary>Where a finding points, built the same way by every rule owner.</summary>
public static class Locations
{
    /// <summary>A cell: its table, printed row code (empty for a total row or a row without code), row index (-1 for the total row), column.</summary>
    public static Location Cell(TableKey table, string rowCode, int rowIndex, string column, string label = "", string project = "") => new()
    {
        Table = table,
        RowCode = rowCode,
        RowIndex = rowIndex,
        Column = column,
        Label = label,
        Project = project,
    };

    /// <summary>A table as a whole (or a column of it), with a label for humans.</summary>
    public static Location Table(TableKey table, string label = "", string column = "") => new() { Table = table, RowIndex = -1, Column = column, Label = label };

    /// <summary>A span of the narrative (UTF-16 code units of the narrative text).</summary>
    public static Location Text(int start, int length, string label = "") => new()
    {
        Table = TableKey.Nar,
        RowIndex = -1,
        Span = new TextSpan { Start = start, Length = length },
        Label = label,
    };
}
