using BudgetMesh.Contracts.Budget.V1;

namespace BudgetMesh.Cli.Import;

/// <summary>One printed row: its cells and the source lines it came from.</summary>
internal sealed class Row(List<string> cells, List<UnplacedLine> lines)
{
    /// <summary>Cells as printed (untrimmed: a goal text keeps its trailing spaces).</summary>
    public List<string> Cells { get; } = cells;

    public List<UnplacedLine> Lines { get; } = lines;

    public bool Placed { get; set; }

    /// <summary>The printed column header of a table read by position: placed as the header whatever its words.</summary>
    public bool IsHeader { get; init; }

    /// <summary>Why a row was not placed, when its reader knows better than "does not fit".</summary>
    public string? Reason { get; set; }

    public string Cell(int index) => index >= 0 && index < Cells.Count ? Cells[index].Trim() : string.Empty;

    /// <summary>Cells with text, trimmed.</summary>
    public IEnumerable<string> Filled => Cells.Select(c => c.Trim()).Where(c => c.Length > 0);

    public bool IsBlank => !Filled.Any();
}

/// <summary>One annex: key, label, title, unit and rows.</summary>
internal sealed class Section
{
    /// <summary>Decided on the complete title: a subtitle line can change it (JB vs JBG, XMJ vs XMG).</summary>
    public required string Key { get; set; }

    public string Label { get; set; } = string.Empty;

    public string Title { get; set; } = string.Empty;

    /// <summary>From a 单位 line; unspecified when none is printed.</summary>
    public AmountUnit Unit { get; set; }

    public List<Row> Rows { get; } = [];

    /// <summary>The profile table the title matched: which printed column names which field.</summary>
    public TableLayout? Layout { get; set; }

    /// <summary>The column names a header printed (split code columns joined), when the table was read by position.</summary>
    public IReadOnlyList<string> Columns { get; set; } = [];

    /// <summary>Read by the position of its words (PDF, spreadsheet): a blank cell stays blank, none is ever dropped.</summary>
    public bool ReadByPosition { get; init; }

    /// <summary>Printed explanation lines below the rows (备注/说明/本单位无…).</summary>
    public List<string> Remarks { get; } = [];
}
