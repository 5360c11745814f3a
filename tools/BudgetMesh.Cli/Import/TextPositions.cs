namespace BudgetMesh.Cli.Import;

/// <summary>
/// Where the words of a text line stand, in display columns (an ideograph or full-width form takes two): the position a
/// text layout keeps when it drops blank cells. A figure of a row whose blanks were dropped stands under the printed
/// column header it belongs to when the text is aligned; the header word over it (the one naming a field that overlaps it
/// most) says which field it is. Text that is not aligned puts figures under the wrong headers, and no placement the
/// table's sums allow agrees with them: such a row stays undecided.
/// </summary>
internal static class TextPositions
{
    /// <summary>
    /// The field each of the row's last <paramref name="count"/> figures (its amounts, after any code) stands under, by the
    /// header rows above it (null where no header word naming a field overlaps it); null when the row or a header is not
    /// one plain line of text (tabs carry no positions) or the row is not laid out by runs of spaces (single spaces
    /// between cells say nothing of where a column is).
    /// </summary>
    public static string?[]? FieldsUnder(Row row, IEnumerable<Row> headers, TableLayout layout, int count)
    {
        if (row.Lines is not [var line] || line.Text.Contains('\t', StringComparison.Ordinal) || !line.Text.Trim().Contains("  ", StringComparison.Ordinal))
        {
            return null;
        }

        var numbers = Words(line.Text).Where(w => Amounts.IsNumber(w.Text)).ToList();
        if (numbers.Count < count)
        {
            return null;
        }

        var figures = numbers[^count..];

        var named = new List<(int Start, int End, string Field)>();
        foreach (var header in headers)
        {
            if (header.Lines is not [var printed] || printed.Text.Contains('\t', StringComparison.Ordinal))
            {
                return null;
            }

            named.AddRange(Words(printed.Text).Select(w => (w.Start, w.End, Field: layout.FieldOf(w.Text))).Where(w => w.Field is not null)!);
        }

        return [.. figures.Select(f => named
            .Select(h => (h.Field, Overlap: Math.Min(f.End, h.End) - Math.Max(f.Start, h.Start)))
            .Where(h => h.Overlap > 0)
            .OrderByDescending(h => h.Overlap)
            .Select(h => h.Field)
            .FirstOrDefault())];
    }

    /// <summary>The placements whose every figure stands under its own field's header (a figure under none constrains nothing).</summary>
    public static List<string[]> Agreeing(IEnumerable<string[]> candidates, string?[] under) =>
        [.. candidates.Where(c => c.Length == under.Length && c.Zip(under).All(p => p.Second is null || p.First == p.Second))];

    /// <summary>Each run of non-space characters with its display columns [Start, End).</summary>
    private static IEnumerable<(string Text, int Start, int End)> Words(string line)
    {
        var column = 0;
        var start = -1;
        var word = new System.Text.StringBuilder();
        foreach (var c in line.TrimEnd() + " ")
        {
            if (c is ' ' or '\u3000')
            {
                if (word.Length > 0)
                {
                    yield return (word.ToString(), start, column);
                    word.Clear();
                }

                column += Prose.Columns(c.ToString());
                continue;
            }

            if (word.Length == 0)
            {
                start = column;
            }

            word.Append(c);
            column += Prose.Columns(c.ToString());
        }
    }
}
