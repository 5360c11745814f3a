using BudgetMesh.Contracts.Budget.V1;

namespace BudgetMesh.Publication.Rendering;

/// <summary>How a cell is shown: text as printed, a classification code, or an amount in the table's unit.</summary>
internal enum CellKind
{
    Text,
    Code,
    Amount,
}

/// <summary>One column of an annex table as the official layout prints it.</summary>
internal sealed record TableColumn(string Header, CellKind Kind);

/// <summary>One printed row; a null cell is a blank cell (not 0). <paramref name="Indent"/> is the code level (类 0, 款 1, 项 2).</summary>
internal sealed record TableRow(IReadOnlyList<string?> Cells, int Indent, bool IsTotal);

/// <summary>A labelled value printed above a grid (the target tables' 项目名称, 资金, 目标…).</summary>
internal sealed record TableField(string Label, string? Value, CellKind Kind);

/// <summary>
/// One annex table reduced to what every output needs: the HTML page and the CSV file are both written from
/// this one shape, so they cannot disagree on a number.
/// </summary>
/// <param name="FileKey">File stem, e.g. <c>GF</c> or <c>XJ-2</c>.</param>
/// <param name="Key">Table key, e.g. <c>GF</c>.</param>
/// <param name="Title">Printed title, or the standard name when the print lost it.</param>
internal sealed record DisclosureTable(
    string FileKey,
    string Key,
    string Title,
    string AnnexLabel,
    AmountUnit Unit,
    bool DeclaredEmpty,
    string EmptyExplanation,
    IReadOnlyList<string> Notes,
    IReadOnlyList<TableField> Fields,
    IReadOnlyList<TableColumn> Columns,
    IReadOnlyList<TableRow> Rows)
{
    public string UnitText => Amounts.UnitName(Unit);
}
