using System.Text.RegularExpressions;

namespace BudgetMesh.ThreePublicExpenses.Narrative;

/// <summary>
/// Finds the parts of the whole narrative this service reads. Real documents number their headings in four
/// styles (四、 / （四） / 4. / （4）) and a section runs to the next heading of the same or a higher level, so
/// numbered lists inside a section do not end it.
/// </summary>
internal static partial class NarrativeSections
{
    /// <summary>The 三公 section (its body, heading excluded), or null when the narrative has none.</summary>
    public static Range? ThreePublic(string text)
    {
        var lines = Lines(text);
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var trimmed = line.Text.Trim();
            if (HeadingLevel(trimmed) is { } level && trimmed.Length <= 40 && ThreePublicWord().IsMatch(trimmed) && !trimmed.Contains('指', StringComparison.Ordinal))
            {
                var body = i + 1 < lines.Count ? lines[i + 1].Start : text.Length;
                return new Range(body, EndOfSection(lines, i + 1, level, text.Length));
            }
        }

        // No heading: start at the first sentence that gives the 三公 total with a number.
        var sentence = ThreePublicSentence().Match(text);
        if (!sentence.Success)
        {
            return null;
        }

        var index = lines.FindLastIndex(l => l.Start <= sentence.Index);
        return new Range(lines[index].Start, EndOfSection(lines, index + 1, int.MaxValue, text.Length));
    }

    /// <summary>The 国有资产占有使用情况 part (its first line included), or null.</summary>
    public static Range? Assets(string text)
    {
        var lines = Lines(text);
        for (var i = 0; i < lines.Count; i++)
        {
            var trimmed = lines[i].Text.Trim();
            var level = HeadingLevel(trimmed);
            if (AssetsWord().IsMatch(trimmed) && (level is not null || trimmed.StartsWith("国有资产", StringComparison.Ordinal)))
            {
                return new Range(lines[i].Start, EndOfSection(lines, i + 1, level ?? int.MaxValue, text.Length));
            }
        }

        var anywhere = AssetsWord().Match(text);
        if (!anywhere.Success)
        {
            return null;
        }

        var index = lines.FindLastIndex(l => l.Start <= anywhere.Index);
        return new Range(lines[index].Start, EndOfSection(lines, index + 1, int.MaxValue, text.Length));
    }

    /// <summary>1 for 一、, 2 for （一）, 3 for 1., 4 for （1）; null for a line that is not a heading.</summary>
    internal static int? HeadingLevel(string line)
    {
        if (LevelOne().IsMatch(line))
        {
            return 1;
        }

        if (LevelTwo().IsMatch(line))
        {
            return 2;
        }

        if (LevelThree().IsMatch(line))
        {
            return 3;
        }

        return LevelFour().IsMatch(line) ? 4 : null;
    }

    private static int EndOfSection(List<Line> lines, int from, int level, int textLength)
    {
        for (var j = from; j < lines.Count; j++)
        {
            if (HeadingLevel(lines[j].Text.Trim()) is { } next && next <= level)
            {
                return lines[j].Start;
            }
        }

        return textLength;
    }

    private static List<Line> Lines(string text)
    {
        var lines = new List<Line>();
        var start = 0;
        while (start <= text.Length)
        {
            var end = text.IndexOf('\n', start);
            if (end < 0)
            {
                lines.Add(new Line(start, text[start..]));
                break;
            }

            lines.Add(new Line(start, text[start..end]));
            start = end + 1;
        }

        return lines;
    }

    private sealed record Line(int Start, string Text);

    [GeneratedRegex(@"^[一二三四五六七八九十]{1,3}\s*[、.．]")]
    private static partial Regex LevelOne();

    [GeneratedRegex(@"^[（(]\s*[一二三四五六七八九十]{1,3}\s*[)）]")]
    private static partial Regex LevelTwo();

    // "2022 年…" or "12.5万元" continuing a broken line are not headings: the number must not run on.
    [GeneratedRegex(@"^\d{1,2}\s*[.、．](?!\s*\d)")]
    private static partial Regex LevelThree();

    [GeneratedRegex(@"^[（(]\s*\d{1,2}\s*[)）]")]
    private static partial Regex LevelFour();

    [GeneratedRegex(@"三\s*公")]
    private static partial Regex ThreePublicWord();

    [GeneratedRegex(@"三\s*公\s*[”""’']?\s*经费[^。；\n：:]{0,20}?\d")]
    private static partial Regex ThreePublicSentence();

    [GeneratedRegex(@"国有资产(占有|使用|占用)")]
    private static partial Regex AssetsWord();
}
