using System.Text.RegularExpressions;

namespace BudgetMesh.Cli.Import;

/// <summary>
/// Rows printed with single spaces between cells (a PDF's text where the old split found one cell per line): where the
/// section's amount lines are aligned, the display columns blank in every one of them separate the columns; each line
/// is cut there, a column where a line prints nothing being a blank cell. Text that is not aligned shows no such
/// columns and is left as it was (its lines are then reported as unplaced by the table's reader).
/// </summary>
internal static partial class AlignedColumns
{
    public static void Apply(Section section)
    {
        // Amount lines on one line each, not tab-separated.
        var rows = section.Rows.Where(r => r.Lines.Count == 1 && !r.Lines[0].Text.Contains('\t', StringComparison.Ordinal)
            && AmountPattern().IsMatch(r.Lines[0].Text)).ToList();
        if (rows.Count < 3)
        {
            return;
        }

        var lines = rows.Select(r => Columns(r.Lines[0].Text)).ToList();
        var width = lines.Max(l => l.Length);
        var filled = new bool[width];
        foreach (var line in lines)
        {
            for (var c = 0; c < line.Length; c++)
            {
                filled[c] |= line[c] != " ";
            }
        }

        // Spans of columns with text in some line, between columns blank in all of them.
        var spans = new List<(int Start, int End)>();
        for (var c = 0; c < width; c++)
        {
            if (filled[c] && (c == 0 || !filled[c - 1]))
            {
                spans.Add((c, c));
            }

            if (filled[c])
            {
                spans[^1] = (spans[^1].Start, c);
            }
        }

        if (spans.Count < 3)
        {
            return;
        }

        var cut = lines.Select(line => spans.Select(s => string.Concat(line.Skip(s.Start).Take(s.End - s.Start + 1)).Trim()).ToList()).ToList();
        // Only where single spaces hid cells from the split by runs of spaces (aligned `-layout` text already splits right),
        // and only where the columns are real: no cut cell holds a name and an amount together (text that merely happens
        // to leave a blank display column is not aligned).
        if (!rows.Zip(cut).Any(p => p.Second.Count(c => c.Length > 0) > p.First.Filled.Count())
            || cut.Any(cells => cells.Any(c => !Amounts.IsNumber(c) && AmountPattern().IsMatch(c))))
        {
            return;
        }

        foreach (var (row, cells) in rows.Zip(cut))
        {
            row.Cells.Clear();
            row.Cells.AddRange(cells);
        }
    }

    /// <summary>The line as display columns: an ideograph or full-width form takes two (its text, then an empty continuation).</summary>
    private static string[] Columns(string line)
    {
        var columns = new List<string>();
        foreach (var c in line.TrimEnd())
        {
            var wide = Prose.Columns(c.ToString()) == 2;
            columns.Add(c == '\u3000' ? " " : c.ToString());
            if (wide)
            {
                columns.Add(c == '\u3000' ? " " : string.Empty);
            }
        }

        return [.. columns];
    }

    [GeneratedRegex(@"(?<![\d.])\d[\d,]*\.\d+(?![\d.])")]
    private static partial Regex AmountPattern();
}
