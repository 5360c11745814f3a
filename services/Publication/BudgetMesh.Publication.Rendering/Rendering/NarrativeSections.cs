using System.Text.RegularExpressions;

namespace BudgetMesh.Publication.Rendering;

/// <summary>One part of the narrative: its heading line (一、…), if any, and the verbatim text below it.</summary>
internal sealed record NarrativeSection(string? Heading, string Body, bool HeadingEndsLine = true);

/// <summary>
/// Cuts the narrative at its top-level headings (a line starting 一、 二、 … 十、) so the page can show them as
/// sections. Only cuts: heading + "\n" + body, concatenated, is the narrative again, character for character.
/// </summary>
internal static partial class NarrativeSections
{
    public static IReadOnlyList<NarrativeSection> Split(string text)
    {
        var starts = HeadingLine().Matches(text).Select(m => m.Index).ToList();
        var sections = new List<NarrativeSection>();
        if (starts.Count == 0 || starts[0] > 0)
        {
            sections.Add(new NarrativeSection(null, text[..(starts.Count == 0 ? text.Length : starts[0])]));
        }

        for (var i = 0; i < starts.Count; i++)
        {
            var end = i + 1 < starts.Count ? starts[i + 1] : text.Length;
            var part = text[starts[i]..end];
            var newline = part.IndexOf('\n', StringComparison.Ordinal);
            sections.Add(newline < 0 ? new NarrativeSection(part, string.Empty, HeadingEndsLine: false) : new NarrativeSection(part[..newline], part[(newline + 1)..]));
        }

        return sections;
    }

    /// <summary>The narrative back from its sections; the page promises exactly this.</summary>
    public static string Join(IEnumerable<NarrativeSection> sections) =>
        string.Concat(sections.Select(s => s.Heading is null ? s.Body : s.Heading + (s.HeadingEndsLine ? "\n" : string.Empty) + s.Body));

    [GeneratedRegex(@"(?<=^|\n)[ \t　]*[一二三四五六七八九十]{1,3}、[^\n]*", RegexOptions.CultureInvariant)]
    private static partial Regex HeadingLine();
}
