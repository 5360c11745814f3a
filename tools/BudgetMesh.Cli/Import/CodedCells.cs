using System.Text.RegularExpressions;

namespace BudgetMesh.Cli.Import;

/// <summary>A row read as classification code, name and amount cells: the one way every coded table reads its rows.</summary>
internal sealed record CodedCells(string Code, string Name, IReadOnlyList<string> Amounts)
{
    /// <summary>Read from one run of single-spaced text: its blank cells were dropped, so its amounts may not stand in their columns.</summary>
    public bool Compacted { get; init; }

    public bool IsTotal => Code.Length == 0;

    /// <summary>The amount in column <paramref name="index"/> (after the name), as the contract wants it.</summary>
    public string? Amount(int index) => index < Amounts.Count ? Import.Amounts.Parse(Amounts[index]) : null;
}

internal static partial class CodedRows
{
    /// <summary>
    /// A coded row (first filled cell a 3/5/7-digit code, then the name, then the amounts) or the total row (合计/总计,
    /// an optional empty name cell, then the amounts); null for anything else.
    /// </summary>
    public static CodedCells? Read(Row row)
    {
        var cells = row.Cells.Select(c => c.Trim()).ToList();
        var first = cells.FindIndex(c => c.Length > 0);
        if (first < 0)
        {
            return null;
        }

        if (row.Filled.Count() == 1 && Spaced(cells[first]) is { } spaced)
        {
            return spaced;
        }

        if (IsCode(cells[first]))
        {
            var name = first + 1 < cells.Count ? cells[first + 1] : string.Empty;
            return new CodedCells(cells[first], name, cells.Skip(first + 2).ToList());
        }

        if (IsTotalLabel(cells[first]))
        {
            var rest = cells.Skip(first + 1).ToList();
            if (rest.Count > 0 && rest[0].Length == 0)
            {
                rest.RemoveAt(0);
            }

            return new CodedCells(string.Empty, "合计", rest);
        }

        return null;
    }

    /// <summary>
    /// `2010301 行政运行 810.30 810.30` or `合计 1,250.60 1,010.60 240.00` as one cell (single spaces between cells, blank
    /// cells dropped): the code or 合计, the name up to the first of the trailing numbers, then the numbers.
    /// </summary>
    private static CodedCells? Spaced(string cell)
    {
        var words = WhitespacePattern().Split(cell).Where(w => w.Length > 0).ToList();
        if (words.Count < 2 || !(IsCode(words[0]) || IsTotalLabel(words[0])))
        {
            return null;
        }

        var numbers = words.Count;
        while (numbers > 1 && Import.Amounts.IsNumber(words[numbers - 1]))
        {
            numbers--;
        }

        if (numbers == words.Count)
        {
            return null;
        }

        var amounts = words[numbers..];
        return IsCode(words[0])
            ? new CodedCells(words[0], string.Join(' ', words[1..numbers]), amounts) { Compacted = true }
            : numbers == 1 ? new CodedCells(string.Empty, "合计", amounts) { Compacted = true } : null;
    }

    public static bool IsCode(string cell) => CodePattern().IsMatch(cell);

    public static bool IsTotalLabel(string cell) => WhitespacePattern().Replace(cell, string.Empty) is "合计" or "总计";

    /// <summary>Column headings: words, no amounts (a bare year such as 2024 is a heading).</summary>
    /// <remarks>A cell holding amounts among other text (cells the split could not separate) is no heading: such a row is reported, not passed over.</remarks>
    public static bool IsHeading(Row row) =>
        row.Filled.Any() && row.Filled.All(c => (!Amounts.IsNumber(c) || YearPattern().IsMatch(c)) && !EmbeddedAmountPattern().IsMatch(c));

    [GeneratedRegex(@"(?<![\d.])\d[\d,]*\.\d+(?![\d.])")]
    private static partial Regex EmbeddedAmountPattern();

    // 3/5/7 digits; 4 or 6 where a 款 or 项 printed in its own column dropped a leading zero ("301" "2"), kept as printed.
    [GeneratedRegex(@"^\d{3,7}$")]
    private static partial Regex CodePattern();

    [GeneratedRegex(@"^\d{4}$")]
    private static partial Regex YearPattern();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespacePattern();
}
