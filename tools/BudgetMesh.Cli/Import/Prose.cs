using System.Text.RegularExpressions;

namespace BudgetMesh.Cli.Import;

/// <summary>
/// A printed narrative line where the wrap rule needs it: its text, where it starts and ends across the page and the
/// width of one character, in the unit of its path (PDF points, or display columns of text where an ideograph is 2),
/// whether its page wraps text at all, and the group of pages of one width its edges are taken over.
/// </summary>
internal sealed record ProseLine(string Text, double Left, double Right, double Em, bool Reflowed, double Group);

/// <summary>
/// Narrative hygiene shared by every path (text, PDF, spreadsheet): control characters and page breaks removed, and
/// which printed lines only continue the line before because the page width wrapped it.
/// </summary>
internal static partial class Prose
{
    /// <summary>The line without control or format characters (a tab, printed spacing, stays).</summary>
    public static string Clean(string line) => ControlPattern().Replace(line, string.Empty);

    /// <summary>
    /// For each line, whether it continues the one before (to be joined without separator): the one before started at
    /// the margin and ran to the right edge of the printed text of its group, on a page that wraps, is no block of its
    /// own (<see cref="EndsBlock"/>), and <paramref name="alsoRequired"/> (a path's own evidence) holds. Blank lines
    /// take no part in the edges.
    /// </summary>
    public static bool[] Continuations(IReadOnlyList<ProseLine> lines, Func<ProseLine, ProseLine, bool>? alsoRequired = null)
    {
        var printed = lines.Where(l => l.Text.Trim().Length > 0).ToList();
        var right = printed.GroupBy(l => l.Group).ToDictionary(g => g.Key, g => g.Max(l => l.Right));
        var left = printed.GroupBy(l => l.Group).ToDictionary(g => g.Key, g => g.Min(l => l.Left));
        var continues = new bool[lines.Count];
        for (var i = 1; i < lines.Count; i++)
        {
            var previous = lines[i - 1];
            // A centred heading may reach as far right, but does not start at the margin (a first line may be indented).
            continues[i] = previous.Reflowed && previous.Text.Trim().Length > 0 && lines[i].Text.Trim().Length > 0
                && previous.Right >= right[previous.Group] - previous.Em * 2.5
                && previous.Left <= left[previous.Group] + previous.Em * 4
                && !EndsBlock(previous, lines[i], left[lines[i].Group])
                && (alsoRequired?.Invoke(previous, lines[i]) ?? true);
        }

        return continues;
    }

    /// <summary>
    /// Whether a new block starts after <paramref name="previous"/> even though it ran to the right edge, by what the lines
    /// mean and how they are set: the previous line is a table-of-contents entry (it ends in a dot leader, with or without
    /// its page number); it ends a sentence and the line is indented from the <paramref name="margin"/> (a paragraph's
    /// first line: a sentence that happens to end at the edge is followed at the margin by its paragraph's next one);
    /// the two are set in different font sizes (a heading is larger than its text); or the line opens a numbered item
    /// (一、 （一） 1. ①…).
    /// </summary>
    public static bool EndsBlock(ProseLine previous, ProseLine line, double margin)
    {
        var before = previous.Text.TrimEnd();
        return LeaderPattern().IsMatch(before)
            || (SentenceEndPattern().IsMatch(before) && line.Left > margin + line.Em)
            || Math.Max(previous.Em, line.Em) > Math.Min(previous.Em, line.Em) * FontStep
            || StartsItem(line.Text.TrimStart());
    }

    /// <summary>Whether the text opens a numbered item: 一、 （一） (1) 1. 1、 ① 第一章… (not a decimal such as 1.5).</summary>
    public static bool StartsItem(string text) => ItemPattern().IsMatch(text);

    /// <summary>Display columns of text (an ideograph or full-width form takes two), the unit of a text line's position.</summary>
    public static int Columns(string text) => text.Sum(c => c is >= '\u1100' and <= '\u115F' or >= '\u2E80' and <= '\uA4CF' or >= '\uAC00' and <= '\uD7A3'
        or >= '\uF900' and <= '\uFAFF' or >= '\uFE30' and <= '\uFE4F' or >= '\uFF00' and <= '\uFF60' or >= '\uFFE0' and <= '\uFFE6' ? 2 : 1);

    // Fonts a size step apart (a 12 pt body and a 14 pt heading); glyph sizes of one font vary by less.
    private const double FontStep = 1.12;

    [GeneratedRegex(@"(…{2,}|\.{4,}|·{3,}|-{4,}|－{3,}|_{4,})\s*\d{0,4}$")]
    private static partial Regex LeaderPattern();

    [GeneratedRegex(@"[。！？!?][”’」』）)]*$")]
    private static partial Regex SentenceEndPattern();

    [GeneratedRegex(@"^([（(]?[一二三四五六七八九十]+[、）)]|[（(]\d+[）)]|\d+\s*[、.．](?!\d)|[①-⑳]|第[一二三四五六七八九十]+[章节条部分])")]
    private static partial Regex ItemPattern();

    [GeneratedRegex(@"[\p{Cc}\p{Cf}-[\t\n]]")]
    private static partial Regex ControlPattern();
}
