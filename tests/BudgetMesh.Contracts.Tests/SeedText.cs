using System.Text.RegularExpressions;

namespace BudgetMesh.Contracts.Tests;

/// <summary>One printed row of the seed text: its cells (blank cells kept as "").</summary>
public sealed record TextRow(int Line, IReadOnlyList<string> Cells);

/// <summary>
/// The seed text of one package, read the same way whatever its layout: tab-separated rows (one row per line) or
/// one cell per line (each cell line starts with a tab, rows separated by blank lines, continuation lines belong to the
/// cell above).
/// </summary>
public sealed partial class SeedText
{
    public SeedText(string raw)
    {
        Raw = raw;
        Body = raw.TrimStart('\n', '\r');
    }

    /// <summary>The file as read.</summary>
    public string Raw { get; }

    /// <summary>The file without its leading blank lines: where the narrative starts.</summary>
    public string Body { get; }

    /// <summary>The lines after the narrative (the annex part), for a narrative that the body starts with.</summary>
    public IReadOnlyList<string> AnnexLines(string narrative)
    {
        if (!Body.StartsWith(narrative, StringComparison.Ordinal))
        {
            throw new InvalidOperationException("The seed text does not start with the narrative.");
        }

        return Body[narrative.Length..].Replace("\r", "", StringComparison.Ordinal).Split('\n');
    }

    /// <summary>A line that is an annex label on its own (表七, 附件12).</summary>
    public static bool IsAnnexLabelLine(string line) => AnnexLabel().IsMatch(line.Trim());

    /// <summary>A line that prints (the start of) a table title: the whole title, or its first printed line.</summary>
    public static bool IsTitleLine(string line, string title)
    {
        var t = line.Trim();
        if (t.Length == 0 || title.Length == 0)
        {
            return false;
        }

        return t == title || (t.Length >= 8 && title.StartsWith(t, StringComparison.Ordinal));
    }

    /// <summary>Splits lines [from, to) into printed rows.</summary>
    public static IReadOnlyList<TextRow> Rows(IReadOnlyList<string> lines, int from, int to)
    {
        var rows = new List<TextRow>();
        var block = new List<(int Line, string Text)>();

        void Flush()
        {
            if (block.Count == 0)
            {
                return;
            }

            var cellPerLine = block[0].Text.StartsWith('\t') && block.All(l => l.Text.Count(c => c == '\t') <= 1);
            if (cellPerLine)
            {
                var cells = new List<string>();
                foreach (var (_, text) in block)
                {
                    if (text.StartsWith('\t') || cells.Count == 0)
                    {
                        cells.Add(text.TrimStart('\t'));
                    }
                    else
                    {
                        cells[^1] += "\n" + text;
                    }
                }

                rows.Add(new TextRow(block[0].Line, cells));
            }
            else
            {
                rows.AddRange(block.Select(l => new TextRow(l.Line, l.Text.Split('\t'))));
            }

            block.Clear();
        }

        for (var i = from; i < to; i++)
        {
            var text = lines[i];
            if (text.Length == 0 || (string.IsNullOrWhiteSpace(text) && !text.Contains('\t', StringComparison.Ordinal)))
            {
                Flush();
            }
            else
            {
                block.Add((i, text));
            }
        }

        Flush();
        return rows;
    }

    /// <summary>A printed amount cell: digits with optional thousands separators and decimals.</summary>
    public static bool IsNumber(string cell) => Number().IsMatch(cell.Trim());

    /// <summary>The amount as the fixture stores it: trimmed, thousands separators removed.</summary>
    public static string NormalizeNumber(string cell) => cell.Trim().Replace(",", "", StringComparison.Ordinal);

    /// <summary>A printed function/economic classification code: 3, 5 or 7 digits.</summary>
    public static bool IsClassificationCode(string cell) => ClassificationCode().IsMatch(cell.Trim());

    [GeneratedRegex(@"^(表[一二三四五六七八九十]+|附件\s*\d+)$")]
    private static partial Regex AnnexLabel();

    [GeneratedRegex(@"^-?\d[\d,]*(\.\d+)?$")]
    private static partial Regex Number();

    [GeneratedRegex(@"^\d{3}(\d{2}){0,2}$")]
    private static partial Regex ClassificationCode();
}
