using System.Text.RegularExpressions;
using BudgetMesh.Contracts.Text;
using BudgetMesh.PerformanceTargets.Indicators;

namespace BudgetMesh.PerformanceTargets.Narrative;

/// <summary>What the narrative's 绩效目标 section says it covers, and where it says it.</summary>
/// <param name="ProjectCount">The number of projects the section says have targets ("编报绩效目标的项目11个"), when it says so.</param>
internal sealed record PerformanceStatement(bool SectionFound, int SectionStart, int SectionLength, decimal? Amount, MoneyUnit? Unit, string AmountText, int SentenceStart, int SentenceLength, int? ProjectCount = null)
{
    public static readonly PerformanceStatement NoSection = new(false, 0, 0, null, null, string.Empty, 0, 0);
}

/// <summary>
/// Finds the 绩效目标 section ("（三）绩效目标设置情况。…涉及一般公共预算当年财政拨款 883.38 万元。") in the whole
/// narrative. Page breaks split sentences anywhere (seed 001 breaks "财\n\n政拨款"), so matching runs on the
/// narrative's one normalised form (<see cref="NormalizedText"/>: no whitespace, widths folded, thousands separators
/// dropped), whose offsets map back to the original UTF-16 offsets as the Reconciler's do.
/// </summary>
internal static partial class PerformanceSection
{
    public static PerformanceStatement Find(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return PerformanceStatement.NoSection;
        }

        var (compact, map) = Compact(text);
        PerformanceStatement? first = null;
        for (var heading = Heading().Match(compact); heading.Success; heading = heading.NextMatch())
        {
            // A table of contents or an earlier mention may name the section without its figures: prefer the
            // occurrence that states an amount, else report the first one.
            var statement = Read(text, compact, map, heading.Index);
            if (statement.Amount is not null)
            {
                return statement;
            }

            first ??= statement;
        }

        return first ?? PerformanceStatement.NoSection;
    }

    private static PerformanceStatement Read(string text, string compact, int[] map, int headingIndex)
    {
        var start = map[headingIndex];
        var end = SectionEnd(text, start);
        var sectionStart = headingIndex;
        var sectionEnd = CompactIndexAtOrAfter(map, end);
        var section = compact[sectionStart..sectionEnd];

        int? count = FirstOfTargets(ProjectCount(), section) is { } counted && int.TryParse(counted.Groups["count"].Value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : null;
        var amount = FirstOfTargets(Covered(), section) ?? FirstOfTargets(AnyAmount(), section) ?? Match.Empty;

        if (!amount.Success)
        {
            return new PerformanceStatement(true, start, end - start, null, null, string.Empty, start, end - start, count);
        }

        var numberText = amount.Groups["number"].Value;
        var unit = amount.Groups["unit"].Value == "元" ? MoneyUnit.Yuan : MoneyUnit.TenThousandYuan;
        var (sentenceStart, sentenceEnd) = Sentence(compact, map, sectionStart + amount.Groups["number"].Index, sectionStart, sectionEnd, text.Length);
        decimal? value = DecimalText.TryParse(numberText, out var parsed) ? parsed : null;
        return new PerformanceStatement(true, start, end - start, value, unit, $"{numberText} {amount.Groups["unit"].Value}", sentenceStart, sentenceEnd - sentenceStart, count);
    }

    /// <summary>
    /// The first match that speaks of the projects with targets: what a sentence says after naming 重点绩效评价 ("纳入重点
    /// 绩效评价的项目0个，金额0元", 渝北 2024) counts other projects and money, whatever order the section prints them in.
    /// </summary>
    private static Match? FirstOfTargets(Regex pattern, string section)
    {
        for (var match = pattern.Match(section); match.Success; match = match.NextMatch())
        {
            var clauseStart = section.LastIndexOfAny([';', '。'], match.Index) + 1;
            var clause = section[clauseStart..(match.Index + match.Length)];
            if (!clause.Contains("重点", StringComparison.Ordinal) && !clause.Contains("评价", StringComparison.Ordinal))
            {
                return match;
            }
        }

        return null;
    }

    // The normalised text and, for each of its characters, the original offset (with the text's end appended).
    private static (string Compact, int[] Map) Compact(string text)
    {
        var normalized = NormalizedText.From(text, 0, text.Length);
        var map = new int[normalized.Text.Length + 1];
        for (var i = 0; i < normalized.Text.Length; i++)
        {
            map[i] = normalized.OriginalIndex(i);
        }

        map[^1] = text.Length;
        return (normalized.Text, map);
    }

    private static int CompactIndexAtOrAfter(int[] map, int original)
    {
        var at = Array.BinarySearch(map, original);
        return at >= 0 ? at : ~at;
    }

    /// <summary>The section ends where the next numbered heading line starts ("（四）", "4.", "五、").</summary>
    private static int SectionEnd(string text, int start)
    {
        var lineEnd = text.IndexOf('\n', start);
        while (lineEnd >= 0)
        {
            var lineStart = lineEnd + 1;
            var next = NextHeading().Match(text, lineStart);
            if (next.Success && next.Index == lineStart)
            {
                return lineStart;
            }

            lineEnd = text.IndexOf('\n', lineStart);
        }

        return text.Length;
    }

    /// <summary>The sentence around the amount: from after the previous 。 (or the heading) through the next 。.</summary>
    private static (int Start, int End) Sentence(string compact, int[] map, int at, int sectionStart, int sectionEnd, int textLength)
    {
        var from = compact.LastIndexOfAny(['。', ';'], at);
        from = from < sectionStart ? sectionStart : from + 1;
        var to = compact.IndexOfAny(['。', ';'], at);
        to = to < 0 || to >= sectionEnd ? sectionEnd - 1 : to;
        var end = to + 1 < map.Length ? map[to] + 1 : textLength;
        return (map[from], Math.Min(end, textLength));
    }

    [GeneratedRegex(@"绩效目标(?:设置|编制|管理|申报)?(?:情况|说明)")]
    private static partial Regex Heading();

    // "涉及一般公共预算当年财政拨款883.38万元" and variants ("涉及项目12个，资金590万元"); the normalised text has ";" for "；"
    // and no thousands separators.
    [GeneratedRegex(@"涉及[^。;]*?(?<number>\d+(?:\.\d+)?)(?<unit>万元|元)")]
    private static partial Regex Covered();

    [GeneratedRegex(@"(?<number>\d+(?:\.\d+)?)(?<unit>万元|元)")]
    private static partial Regex AnyAmount();

    // "编报绩效目标的项目11个", "设置绩效目标的项目共17个", "实行绩效目标管理的项目2个", "共有17个项目编报了绩效目标"
    // (whitespace already removed; a clause about 重点绩效评价 is skipped by the caller).
    [GeneratedRegex(@"绩效目标[^，,;。]{0,6}的?项目(?:共|合计|数|数量)?(?:为|有)?(?<count>\d+)个|(?<count>\d+)个(?:预算)?项目[^，,;。]{0,12}绩效目标")]
    private static partial Regex ProjectCount();

    [GeneratedRegex(@"[ \t\u3000]*(?:（[一二三四五六七八九十]+）|\([一二三四五六七八九十]+\)|[一二三四五六七八九十]+、|\d+[.．、]|第[一二三四五六七八九十]+部分)")]
    private static partial Regex NextHeading();
}
