namespace BudgetMesh.Cli.Import.Layout;

/// <summary>One printed header cell: its text (stacked lines joined), its extent and the lines it came from.</summary>
internal sealed record HeaderCell(string Text, double Left, double Right, double Top, double Bottom)
{
    public double Center => (Left + Right) / 2;

    public bool Overlaps(HeaderCell other) => Left < other.Right && other.Left < Right;
}

/// <summary>
/// A table's column header read from geometry: the header lines' words, a word and the one word right under it in the
/// same cell joined (事业单位 / 经营收入), and the leaves (cells with nothing printed under them: 类 款 项 under
/// 功能分类科目编码, 合计 … under 收入预算) in order from left to right. The leaves name the table's columns.
/// </summary>
internal static class ColumnHeader
{
    public static List<HeaderCell> Leaves(IReadOnlyList<PrintedLine> lines)
    {
        var cells = lines.SelectMany(l => l.Words.Select(w => new HeaderCell(w.Text, w.Left, w.Right, l.Top, l.Bottom))).ToList();
        var merged = true;
        while (merged)
        {
            merged = false;
            foreach (var upper in cells.OrderBy(c => c.Top))
            {
                if (StackedUnder(upper, cells) is { } lower)
                {
                    cells.Remove(upper);
                    cells.Remove(lower);
                    cells.Add(new HeaderCell(upper.Text + lower.Text, Math.Min(upper.Left, lower.Left), Math.Max(upper.Right, lower.Right), upper.Top, lower.Bottom));
                    merged = true;
                    break;
                }
            }
        }

        var leaves = cells.Where(c => !IsParent(c, cells)).OrderBy(c => c.Center).ToList();

        // A header cell above exactly one leaf is the same column printed over two header rows: the column is as wide as both.
        foreach (var parent in cells.Except(leaves))
        {
            var under = leaves.Where(l => l.Top > parent.Bottom - 0.1 && l.Overlaps(parent)).ToList();
            if (under is [var only] && !leaves.Any(l => l != only && l.Top > parent.Bottom - 0.1 && l.Center > parent.Left && l.Center < parent.Right))
            {
                leaves[leaves.IndexOf(only)] = only with { Left = Math.Min(only.Left, parent.Left), Right = Math.Max(only.Right, parent.Right) };
            }
        }

        return leaves.OrderBy(c => c.Center).ToList();
    }

    /// <summary>
    /// A cell spanning others: something printed under it, or a lower line printing cells on both sides of its centre
    /// (a narrow 本年收入 centred over 项目 | 预算数). A leaf's text sits level with or below its neighbours' children.
    /// </summary>
    private static bool IsParent(HeaderCell cell, List<HeaderCell> cells)
    {
        var lower = cells.Where(o => o != cell && o.Top > cell.Bottom - 0.1).ToList();
        if (lower.Any(o => o.Overlaps(cell)))
        {
            return true;
        }

        return lower.Any(left => left.Right <= cell.Center
            && lower.Any(right => right.Left >= cell.Center && right.Top < left.Bottom && left.Top < right.Bottom));
    }

    /// <summary>
    /// The cell printed right under <paramref name="upper"/> as the next line of the same cell: the only cell of the next
    /// line below it that overlaps it, close enough to be a wrapped line, and overlapping no other cell of that line.
    /// </summary>
    private static HeaderCell? StackedUnder(HeaderCell upper, List<HeaderCell> cells)
    {
        var height = upper.Bottom - upper.Top;
        var below = cells.Where(c => c.Top > upper.Bottom - 0.1 && c.Overlaps(upper)).OrderBy(c => c.Top).ToList();
        if (below.Count == 0 || below[0].Top - upper.Bottom > height * 0.6)
        {
            return null;
        }

        var next = below[0];
        var sameLine = below.Where(c => Math.Abs(c.Top - next.Top) < height * 0.3).ToList();
        var besideUpper = cells.Where(c => c != upper && Math.Abs(c.Top - upper.Top) < height * 0.3 && c.Overlaps(next));
        return sameLine.Count == 1 && !besideUpper.Any() ? next : null;
    }

    /// <summary>
    /// Column boundaries between leaves: between two leaves' centres, the middle of the widest stretch no data word covers
    /// (so a left-aligned name and a right-aligned amount each stay in their cell); the midpoint between the two headers
    /// when the data leaves no gap.
    /// </summary>
    public static double[] Boundaries(IReadOnlyList<HeaderCell> leaves, IEnumerable<PrintedWord> data)
    {
        var words = data.OrderBy(w => w.Left).ToList();
        var bounds = new double[Math.Max(leaves.Count - 1, 0)];
        for (var i = 0; i + 1 < leaves.Count; i++)
        {
            double from = leaves[i].Center, to = leaves[i + 1].Center;
            double bestStart = 0, bestWidth = -1, cursor = from;
            foreach (var word in words.Where(w => w.Right > from && w.Left < to))
            {
                if (word.Left > cursor && word.Left - cursor > bestWidth)
                {
                    (bestStart, bestWidth) = (cursor, word.Left - cursor);
                }

                cursor = Math.Max(cursor, word.Right);
            }

            if (to > cursor && to - cursor > bestWidth)
            {
                (bestStart, bestWidth) = (cursor, to - cursor);
            }

            bounds[i] = bestWidth > 0 ? bestStart + bestWidth / 2 : (leaves[i].Right + leaves[i + 1].Left) / 2;
        }

        return bounds;
    }

    /// <summary>The column a word falls in: the band holding its centre.</summary>
    public static int Column(double[] bounds, PrintedWord word)
    {
        var column = 0;
        while (column < bounds.Length && word.Center > bounds[column])
        {
            column++;
        }

        return column;
    }

    /// <summary>Whether the word lies inside one column (a little overhang allowed), as a cell's text does; prose crosses them.</summary>
    public static bool FitsOneColumn(double[] bounds, PrintedWord word, double fontSize)
    {
        var column = Column(bounds, word);
        var left = column == 0 ? double.NegativeInfinity : bounds[column - 1];
        var right = column == bounds.Length ? double.PositiveInfinity : bounds[column];
        return word.Left >= left - fontSize && word.Right <= right + fontSize;
    }
}
