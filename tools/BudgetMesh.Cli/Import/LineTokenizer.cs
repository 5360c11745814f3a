using System.Text.RegularExpressions;

namespace BudgetMesh.Cli.Import;

/// <summary>What one source line is, before anyone knows which table it belongs to.</summary>
internal enum LineKind
{
    /// <summary>Nothing but whitespace: ends a one-cell-per-line row.</summary>
    Blank,

    /// <summary>A tab, then one cell (the one-cell-per-line form; a lone tab is a blank cell).</summary>
    Cell,

    /// <summary>A whole row on one line: cells separated by tabs, or by runs of spaces in `pdftotext -layout` output.</summary>
    Cells,

    /// <summary>A line of text: a title, a label, a unit line, a note.</summary>
    Text,
}

/// <summary>A line's kind and its cells.</summary>
internal sealed record SourceLine(LineKind Kind, IReadOnlyList<string> Cells)
{
    /// <summary>The one cell with text when there is exactly one (a title printed inside a row, a unit line).</summary>
    public string? Only => Cells.Select(c => c.Trim()).Where(c => c.Length > 0).ToList() is [var only] ? only : null;
}

/// <summary>
/// Splits a line into cells. The seeds separate cells by tabs (one per line, or one row per line); `pdftotext -layout`
/// separates them by runs of two or more spaces and drops blank cells (its columns do not line up once CJK text precedes
/// them, so positions cannot bring the blanks back: a row that lost one does not fit its reader and is reported).
/// </summary>
internal static partial class LineTokenizer
{
    public static SourceLine Read(string raw)
    {
        if (raw.StartsWith('\t') && raw.IndexOf('\t', 1) < 0)
        {
            return new SourceLine(LineKind.Cell, [raw[1..]]);
        }

        if (raw.Trim().Length == 0)
        {
            return new SourceLine(LineKind.Blank, []);
        }

        if (raw.Contains('\t', StringComparison.Ordinal))
        {
            return new SourceLine(LineKind.Cells, raw.Split('\t'));
        }

        var parts = CellPattern().Matches(raw);
        return parts.Count >= 2
            ? new SourceLine(LineKind.Cells, parts.Select(p => p.Value).ToList())
            : new SourceLine(LineKind.Text, [raw.Trim()]);
    }

    /// <summary>Whether a one-cell line opens a quoted value that goes on over the next lines (a goal text with line breaks).</summary>
    public static bool OpensQuote(string cell) => cell.StartsWith('"') && cell.Count(c => c == '"') % 2 == 1;

    public static bool ClosesQuote(string line) => line.Count(c => c == '"') % 2 == 1;

    /// <summary>Text runs separated by at least two spaces (single spaces belong to the cell: `PPT 等设计制作数量`).</summary>
    [GeneratedRegex(@"\S+(?:[ \u3000]\S+)*")]
    private static partial Regex CellPattern();
}
