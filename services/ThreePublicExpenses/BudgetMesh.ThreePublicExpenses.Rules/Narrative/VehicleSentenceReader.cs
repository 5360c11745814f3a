using System.Text.RegularExpressions;
using BudgetMesh.Contracts.Text;
using BudgetMesh.ThreePublicExpenses.Rules;

namespace BudgetMesh.ThreePublicExpenses.Narrative;

/// <summary>
/// Reads the 国有资产占有使用情况 vehicle sentence: "共有车辆 N 辆" (held) and "购置车辆 N 辆" (to be bought).
/// The "其中一般公务用车 N 辆 / 执勤执法用车 N 辆" parts are breakdowns and are not read as the whole.
/// </summary>
internal static partial class VehicleSentenceReader
{
    public static VehicleReading Read(string narrative)
    {
        var range = NarrativeSections.Assets(narrative);
        var (start, length) = range?.GetOffsetAndLength(narrative.Length) ?? (0, narrative.Length);
        var text = NormalizedText.From(narrative, start, length);
        var clean = text.Text;
        VehicleCount? held = null;
        VehicleCount? toBuy = null;
        foreach (Match match in Count().Matches(clean))
        {
            var buying = match.Groups["buy"].Success;
            if (match.Groups["part"].Success || (buying ? toBuy : held) is not null)
            {
                continue;
            }

            var sentenceStart = clean.LastIndexOfAny(['。', '；', ';'], Math.Max(match.Index - 1, 0)) + 1;
            var terminator = clean.IndexOfAny(['。', '；', ';'], match.Index + match.Length);
            var sentenceEnd = terminator < 0 ? clean.Length : terminator + 1;
            var span = OriginalSpans.Of(text, sentenceStart, sentenceEnd);
            var printed = match.Groups["n"].Value;
            var count = ParseCount(printed);
            var reading = new VehicleCount(count, span, narrative.Substring(span.Start, span.Length), count is null ? $"车辆数“{printed}”无法识别" : null);
            if (buying)
            {
                toBuy = reading;
            }
            else
            {
                held = reading;
            }
        }

        TextSpan? section = null;
        if (range is not null && clean.Length > 0)
        {
            section = OriginalSpans.Of(text, 0, clean.Length);
        }

        return new VehicleReading(section, held, toBuy);
    }

    /// <summary>Arabic digits, or Chinese numerals up to 99 (六, 十二, 二十三).</summary>
    internal static int? ParseCount(string printed)
    {
        var text = printed.Trim('共', '计', '为', '有', '合');
        if (text.Length > 0 && text.All(char.IsAsciiDigit))
        {
            return int.TryParse(text, out var n) ? n : null;
        }

        const string digits = "零一二三四五六七八九";
        int Digit(char c) => c == '〇' ? 0 : c == '两' ? 2 : digits.IndexOf(c, StringComparison.Ordinal);
        return text switch
        {
            [var one] when Digit(one) >= 0 => Digit(one),
            ['十'] => 10,
            ['十', var unit] when Digit(unit) >= 0 => 10 + Digit(unit),
            [var tens, '十'] when Digit(tens) > 0 => Digit(tens) * 10,
            [var tens, '十', var unit] when Digit(tens) > 0 && Digit(unit) >= 0 => (Digit(tens) * 10) + Digit(unit),
            _ => null,
        };
    }

    [GeneratedRegex(@"(?<buy>购置|购买|新购|采购|更新|新增|配置|配备)?(?<part>一般|执法|其中)?(?:车辆|公务用车|公车|用车)(?<n>[^，,。；;、辆]{0,4}?)辆")]
    private static partial Regex Count();
}
