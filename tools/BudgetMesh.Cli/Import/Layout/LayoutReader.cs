using System.Text.RegularExpressions;

namespace BudgetMesh.Cli.Import.Layout;

/// <summary>What a printed line became: narrative, part of a table, or a page number.</summary>
/// <param name="Repeated">Lines a page prints again from the foot of the page before (a text frame's overflow).</param>
internal sealed record LaidOutDocument(List<PrintedPage> Pages, List<PrintedLine> Narrative, List<LaidOutTable> Tables, List<PrintedLine> PageNumbers, List<PrintedLine> Repeated);

/// <summary>
/// Walks a document's printed lines in page order and cuts them into narrative and tables from geometry: a table starts at
/// a title line (<see cref="TableTitles"/>), takes its heading lines (编制部门/单位), then the header lines above its first
/// data row, then every line that fits its columns (over page breaks, skipping a repeated header); a note (注:/注：)
/// belongs to it; the first line that crosses its columns like prose ends it and goes back to the narrative.
/// </summary>
internal static partial class LayoutReader
{
    private const int MaxHeaderLines = 8;

    public static LaidOutDocument Read(List<PrintedPage> pages, LayoutProfiles layouts)
    {
        var narrative = new List<PrintedLine>();
        var tables = new List<LaidOutTable>();
        var pageNumbers = new List<PrintedLine>();
        var lines = pages.SelectMany(p => p.Lines).ToList();
        LaidOutTable? table = null;
        string? label = null;
        var pending = new List<PrintedLine>();
        var afterNote = false;

        void End(bool keepPending)
        {
            if (table is not null && keepPending)
            {
                AddPending(table, pending);
            }

            // A title followed by nothing tabular was a sentence naming a table ("详见单位的项目绩效目标表").
            if (table is not null && table.Rows.Count == 0 && table.HeaderLines.Count == 0 && table.Heading.Count == 0 && table.Notes.Count == 0)
            {
                tables.Remove(table);
                narrative.Add(table.TitleLine);
            }

            narrative.AddRange(keepPending ? [] : pending);
            pending.Clear();
            table = null;
            afterNote = false;
        }

        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var text = line.Compact;
            if (PageNumberPattern().IsMatch(text))
            {
                pageNumbers.Add(line);
                continue;
            }

            if (line.Words.Count == 1 && TableTitles.IsLabel(text))
            {
                End(keepPending: true);
                label = text;
                pageNumbers.Add(line);
                continue;
            }

            if ((IsTitle(line, layouts) ?? UnknownTitle(line, i + 1 < lines.Count ? lines[i + 1] : null)) is { } key)
            {
                End(keepPending: true);
                table = new LaidOutTable(key, label ?? string.Empty, line);
                label = null;
                tables.Add(table);
                continue;
            }

            if (table is null)
            {
                narrative.Add(line);
                continue;
            }

            if (IsNote(text) || (afterNote && !IsData(line) && line.Top - PreviousBottom(table) < line.FontSize * 0.8 && !EndsSentence(table.Notes[^1].Compact)))
            {
                AddPending(table, pending);
                pending.Clear();
                table.Notes.Add(line);
                afterNote = true;
                continue;
            }

            afterNote = false;
            if (table.Rows.Count == 0 && table.Leaves.Count == 0 && !table.Free)
            {
                if (table.HeaderLines.Count == 0 && IsHeading(text))
                {
                    table.Heading.Add(line);
                }
                else if (table.HeaderLines.Count == 0 && TableTitles.IsSubtitle(text))
                {
                    table.Title += LaidOutTable.Joined(line.Words);
                    table.Key = TableTitles.Key(table.Title, layouts) ?? table.Key;
                    table.Heading.Add(line);
                }
                else if (!IsData(line) && table.HeaderLines.Count < MaxHeaderLines)
                {
                    table.HeaderLines.Add(line);
                }
                else
                {
                    StartRows(table, line, layouts);
                }

                continue;
            }

            if (IsRepeatedHeader(table, line))
            {
                table.RepeatedHeaders.Add(line);
                continue;
            }

            if (IsData(line) || (line.Words.Count >= 2 && FitsColumns(table, line)))
            {
                AddPending(table, pending);
                pending.Clear();
                table.Rows.Add([line]);
            }
            else if (FitsColumns(table, line))
            {
                pending.Add(line);
            }
            else
            {
                End(keepPending: false);
                narrative.Add(line);
            }
        }

        End(keepPending: false);
        foreach (var t in tables.Where(t => !t.Free && t.Rows.Count > 0))
        {
            t.Bounds = ColumnHeader.Boundaries(t.Leaves, t.Rows.SelectMany(r => r).SelectMany(l => l.Words));
        }

        narrative.Sort((a, b) => a.Number.CompareTo(b.Number));
        var repeated = RepeatedAtPageTop(narrative);
        narrative.RemoveAll(repeated.Contains);
        return new LaidOutDocument(pages, narrative, tables, pageNumbers, repeated);
    }

    /// <summary>
    /// The lines that open a page by printing again, line for line, the lines that closed the page before (a text frame
    /// drawn twice): the longest such run, at least two lines.
    /// </summary>
    private static List<PrintedLine> RepeatedAtPageTop(List<PrintedLine> narrative)
    {
        var repeated = new List<PrintedLine>();
        foreach (var page in narrative.GroupBy(l => l.Page).ToList())
        {
            var before = narrative.Where(l => l.Page == page.Key - 1).ToList();
            var top = page.ToList();
            var run = Enumerable.Range(2, Math.Max(0, Math.Min(before.Count, top.Count) - 1)).Reverse()
                .FirstOrDefault(k => before.Skip(before.Count - k).Select(l => l.Text).SequenceEqual(top.Take(k).Select(l => l.Text)));
            repeated.AddRange(top.Take(run));
        }

        return repeated;
    }

    /// <summary>The first data line: fixes the leaf columns (or, without usable header lines, reads the table as free cells).</summary>
    private static void StartRows(LaidOutTable table, PrintedLine line, LayoutProfiles layouts)
    {
        table.Leaves = table.HeaderLines.Count > 0 && !layouts.IsFreeForm(table.Key) ? ColumnHeader.Leaves(table.HeaderLines) : [];
        table.Free = table.Leaves.Count < 2;
        if (table.Free)
        {
            table.Rows.AddRange(table.HeaderLines.Select(l => new List<PrintedLine> { l }));
            table.HeaderLines.Clear();
        }

        table.Rows.Add([line]);
    }

    /// <summary>
    /// Lines that fit the columns but hold no figure: a cell's wrapped text close under (or above) a row joins that row;
    /// otherwise a row of its own (二、事业收入, a printed blank 合计 row).
    /// </summary>
    private static void AddPending(LaidOutTable table, List<PrintedLine> pending)
    {
        foreach (var line in pending)
        {
            var previous = table.Rows.Count > 0 ? table.Rows[^1] : null;
            if (previous is not null && previous[^1].Page == line.Page && line.Top - previous[^1].Bottom < line.FontSize * 0.5)
            {
                previous.Add(line);
            }
            else
            {
                table.Rows.Add([line]);
            }
        }
    }

    private static bool EndsSentence(string text) => text.EndsWith('。') || text.EndsWith('；') || text.EndsWith(';') || text.EndsWith('.');

    private static double PreviousBottom(LaidOutTable table) =>
        table.Notes.Count > 0 ? table.Notes[^1].Bottom : double.NegativeInfinity;

    /// <summary>
    /// A title line: a short run of text ending in 表 that names a known table; not an entry of the contents (leader
    /// dots, numbering) nor a sentence of the narrative (punctuation).
    /// </summary>
    private static string? IsTitle(PrintedLine line, LayoutProfiles layouts)
    {
        var text = line.Compact;
        return line.Words.Count <= 3 && text.Length <= 60 && text.EndsWith('表') && !SentencePunctuationPattern().IsMatch(text)
            ? TableTitles.Key(text, layouts)
            : null;
    }

    /// <summary>
    /// A title no profile knows: a short line ending in 表 right above a 单位/编制部门 heading line. It is read as a table
    /// of its own (key <see cref="UnknownKey"/>) so its lines are reported, never merged into the narrative or the table before.
    /// </summary>
    private static string? UnknownTitle(PrintedLine line, PrintedLine? next)
    {
        var text = line.Compact;
        return line.Words.Count <= 3 && text.Length is > 3 and <= 60 && text.EndsWith('表') && !SentencePunctuationPattern().IsMatch(text)
            && next is not null && next.Page == line.Page && IsHeading(next.Compact)
            ? UnknownKey
            : null;
    }

    public const string UnknownKey = "未知";

    private static bool IsHeading(string text) => HeadingPattern().IsMatch(text) || TableTitles.IsYearSubtitle(text);

    private static bool IsNote(string text) => NotePattern().IsMatch(text);

    /// <summary>
    /// A data line prints a figure, a classification code or a placeholder for none (无, -), or is a total row printed
    /// without figures (合计 alone).
    /// </summary>
    private static bool IsData(PrintedLine line) =>
        line.Words.Any(w => Amounts.IsNumber(w.Text) && !YearPattern().IsMatch(w.Text) || w.Text is "无" or "-" or "—" or "－" or "/")
        || CodedRows.IsTotalLabel(line.Compact);

    private static bool FitsColumns(LaidOutTable table, PrintedLine line)
    {
        if (table.Free)
        {
            return line.Words.Count >= 2 || !line.Compact.Contains('。', StringComparison.Ordinal);
        }

        var bounds = ColumnHeader.Boundaries(table.Leaves, table.Rows.SelectMany(r => r).SelectMany(l => l.Words));
        return line.Words.All(w => ColumnHeader.FitsOneColumn(bounds, w, line.FontSize));
    }

    /// <summary>A header line printed again at the top of a page the table continues on.</summary>
    private static bool IsRepeatedHeader(LaidOutTable table, PrintedLine line)
    {
        if (table.Rows.Count == 0 || table.Rows[^1][^1].Page >= line.Page || IsData(line))
        {
            return false;
        }

        var printed = table.HeaderLines.SelectMany(l => l.Words.Select(w => w.Text)).ToHashSet();
        return printed.Count > 0 && line.Words.All(w => printed.Contains(w.Text));
    }

    [GeneratedRegex(@"^(编制部门|编制单位|预算主管部门|预算单位|部门名称|单位名称)[：:]|单位[：:]\s*(万元|元)\s*$|^(?:金额)?单位[：:]")]
    private static partial Regex HeadingPattern();

    [GeneratedRegex(@"^(注|备注|说明)\s*\d*\s*[：:]|^本(单位|部门)无")]
    private static partial Regex NotePattern();

    [GeneratedRegex(@"[…：:，,。；;]|\.\.")]
    private static partial Regex SentencePunctuationPattern();

    [GeneratedRegex(@"^\d{4}$")]
    private static partial Regex YearPattern();

    [GeneratedRegex(@"^([—–\-]+\s*\d+\s*[—–\-]+|第?\s*\d+\s*页|\d{1,3})$")]
    private static partial Regex PageNumberPattern();
}
