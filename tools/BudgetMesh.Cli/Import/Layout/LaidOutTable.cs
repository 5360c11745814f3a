namespace BudgetMesh.Cli.Import.Layout;

/// <summary>
/// One table as printed: title, heading lines (编制部门/单位), header lines and their leaf columns, data lines grouped
/// into rows of cells placed by column, notes. A table printed over several pages is one table (its repeated header
/// lines are kept in <see cref="RepeatedHeaders"/>).
/// </summary>
internal sealed class LaidOutTable(string key, string label, PrintedLine title)
{
    public string Key { get; set; } = key;

    public string Label { get; } = label;

    public PrintedLine TitleLine { get; } = title;

    public string Title { get; set; } = Joined(title.Words);

    public List<PrintedLine> Heading { get; } = [];

    public List<PrintedLine> HeaderLines { get; } = [];

    public List<PrintedLine> RepeatedHeaders { get; } = [];

    public List<HeaderCell> Leaves { get; set; } = [];

    public double[] Bounds { get; set; } = [];

    /// <summary>Rows of printed lines: usually one line, more when a cell's text wraps.</summary>
    public List<List<PrintedLine>> Rows { get; } = [];

    public List<PrintedLine> Notes { get; } = [];

    /// <summary>No column header to place cells by (key/value forms such as target tables): cells are the words.</summary>
    public bool Free { get; set; }

    /// <summary>Every printed line of the table, for reporting.</summary>
    public IEnumerable<PrintedLine> Lines =>
        new[] { TitleLine }.Concat(Heading).Concat(HeaderLines).Concat(RepeatedHeaders).Concat(Rows.SelectMany(r => r)).Concat(Notes);

    /// <summary>A row's cells: by column under a header (blank cells stay blank), else one cell per word.</summary>
    public List<string> Cells(List<PrintedLine> row)
    {
        if (Free || Leaves.Count == 0)
        {
            return row.SelectMany(l => l.Words.Select(w => w.Text)).ToList();
        }

        var cells = new List<string>[Leaves.Count];
        for (var i = 0; i < cells.Length; i++)
        {
            cells[i] = [];
        }

        foreach (var line in row)
        {
            var lineCells = new Dictionary<int, List<PrintedWord>>();
            foreach (var word in line.Words)
            {
                var column = ColumnHeader.Column(Bounds, word);
                (lineCells.TryGetValue(column, out var list) ? list : lineCells[column] = []).Add(word);
            }

            foreach (var (column, words) in lineCells)
            {
                cells[column].Add(Joined(words));
            }
        }

        return cells.Select(c => string.Concat(c)).ToList();
    }

    /// <summary>
    /// Words of one cell joined as printed: a printed space stays one space; a mere gap between two ideographs is letter
    /// spacing (项 目), between anything else a space ("1. 一般公共预算资金").
    /// </summary>
    public static string Joined(IReadOnlyList<PrintedWord> words)
    {
        var text = new System.Text.StringBuilder(words[0].Text);
        for (var i = 1; i < words.Count; i++)
        {
            var spacing = !words[i].AfterSpace && IsIdeograph(text[^1]) && IsIdeograph(words[i].Text[0]);
            text.Append(spacing ? string.Empty : " ").Append(words[i].Text);
        }

        return text.ToString();
    }

    private static bool IsIdeograph(char c) => c is >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF' or >= '\uFF08' and <= '\uFF09' or '（' or '）';

    /// <summary>The leaves' names, with 类/款/项 printed as separate columns joined into the one code column they make.</summary>
    public List<string> ColumnNames() => Join(Leaves.Select(l => l.Text).ToList(), Leaves.Select(l => l.Text).ToList(), names: true);

    /// <summary>Cells with split code columns joined as printed ("201" "03" "01" → "2010301").</summary>
    public List<string> JoinedCells(List<PrintedLine> row) => Join(Leaves.Select(l => l.Text).ToList(), Cells(row), names: false);

    private static List<string> Join(List<string> headers, List<string> cells, bool names)
    {
        if (headers.Count != cells.Count)
        {
            return cells;
        }

        var joined = new List<string>();
        for (var i = 0; i < cells.Count; i++)
        {
            if (headers[i] == "类")
            {
                var parts = new List<string> { cells[i] };
                while (i + 1 < cells.Count && headers[i + 1] is "款" or "项")
                {
                    parts.Add(cells[++i]);
                }

                joined.Add(names ? "编码" : string.Concat(parts));
                continue;
            }

            joined.Add(cells[i]);
        }

        return joined;
    }
}
