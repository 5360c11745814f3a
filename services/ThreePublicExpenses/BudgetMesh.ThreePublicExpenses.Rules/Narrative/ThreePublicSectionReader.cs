using System.Globalization;
using System.Text.RegularExpressions;
using BudgetMesh.Contracts.Text;
using BudgetMesh.ThreePublicExpenses.Rules;

namespace BudgetMesh.ThreePublicExpenses.Narrative;

/// <summary>
/// Reads the 三公 section: for the total and every item, the amount, the change against the prior year
/// (direction word and amount) and whether a reason follows. Works on <see cref="NormalizedText"/>, so
/// spaces and line breaks inside numbers and sentences, full-width digits and thousands separators do not
/// matter; spans point back into the original narrative.
/// </summary>
internal static partial class ThreePublicSectionReader
{
    private const string Separators = "，,。；;：:、";

    public static ThreePublicReading Read(string narrative, AmountUnit packageUnit)
    {
        if (NarrativeSections.ThreePublic(narrative) is not { } range)
        {
            return new ThreePublicReading(null, []);
        }

        var (start, length) = range.GetOffsetAndLength(narrative.Length);
        var text = NormalizedText.From(narrative, start, length);
        var clean = text.Text;
        var keywords = Keyword().Matches(clean).ToList();
        var statements = new List<ItemStatement>();
        var regionStart = 0;
        var i = 0;
        while (i < keywords.Count)
        {
            // "因公出国（境）费、公务接待费均为0万元": items joined by 、/和 share one statement.
            var j = i + 1;
            while (j < keywords.Count && Joiners().IsMatch(clean[End(keywords[j - 1])..keywords[j].Index]))
            {
                j++;
            }

            var groupEnd = j;
            var keywordEnd = End(keywords[j - 1]);
            var regionEnd = j < keywords.Count ? keywords[j].Index : clean.Length;
            var bodyEnd = regionEnd;
            string? reason = null;
            var emptyReason = false;
            var marker = ReasonMarker().Match(clean, keywordEnd, regionEnd - keywordEnd);
            if (marker.Success)
            {
                // A reason runs to the end of its clause and may itself name items ("主要原因是公务接待费减少").
                var terminator = clean.IndexOfAny(['；', ';', '。'], End(marker));
                var reasonEnd = terminator < 0 ? clean.Length : terminator;
                while (j < keywords.Count && keywords[j].Index < reasonEnd)
                {
                    j++;
                }

                regionEnd = j < keywords.Count ? keywords[j].Index : clean.Length;
                bodyEnd = marker.Index;
                var said = clean[End(marker)..reasonEnd].Trim((Separators + "…。 ").ToCharArray());
                if (said.Count(char.IsLetter) >= 2)
                {
                    reason = said;
                }
                else
                {
                    emptyReason = true;
                }
            }

            var body = clean[keywordEnd..bodyEnd];
            var isMention = !body.Any(char.IsAsciiDigit) && !body.Contains('元', StringComparison.Ordinal) && !Direction().IsMatch(body) && !marker.Success;
            if (!isMention)
            {
                var change = ReadChange(clean, keywordEnd, bodyEnd);
                var amount = ReadAmount(clean, keywordEnd, bodyEnd, change.From, change.To, packageUnit);
                var stated = change.Value is { } c && c.Amount.Unit != (amount.Value?.Unit ?? packageUnit) && !change.UnitPrinted
                    ? c with { Amount = c.Amount with { Unit = amount.Value?.Unit ?? packageUnit } }
                    : change.Value;
                var spanStart = Math.Max(regionStart, clean.LastIndexOfAny(['。', '；', ';'], Math.Max(keywords[i].Index - 1, 0)) + 1);
                spanStart = Math.Min(spanStart, keywords[i].Index);
                var spanEnd = TrimEnd(clean, spanStart, regionEnd);
                var span = OriginalSpans.Of(text, spanStart, spanEnd);
                var sentence = narrative.Substring(span.Start, span.Length);
                for (var k = i; k < groupEnd; k++)
                {
                    if (ItemOf(keywords[k]) is { } item)
                    {
                        statements.Add(new ItemStatement(item, span, sentence, amount.Value, amount.Problem, stated, change.Problem, reason, emptyReason));
                    }
                }
            }

            regionStart = regionEnd;
            i = j;
        }

        return new ThreePublicReading(OriginalSpans.Of(text, 0, clean.Length), statements);
    }

    private static ThreePublicItem? ItemOf(Match keyword) =>
        keyword.Groups["sub"].Success ? ThreePublicItem.VehiclesSubtotal
        : keyword.Groups["pur"].Success ? ThreePublicItem.VehiclePurchase
        : keyword.Groups["op"].Success ? ThreePublicItem.VehicleOperation
        : keyword.Groups["out"].Success ? ThreePublicItem.OutboundTravel
        : keyword.Groups["rec"].Success ? ThreePublicItem.Reception
        : keyword.Groups["tot"].Success ? ThreePublicItem.Total
        : null;

    private static (StatedChange? Value, string? Problem, int From, int To, bool UnitPrinted) ReadChange(string clean, int from, int to)
    {
        foreach (Match word in Direction().Matches(clean[..to], from))
        {
            // "比2024年预算数减少", "与上年持平": the comparison word sits a few characters before the direction word.
            var compare = -1;
            for (var p = word.Index - 1; p >= Math.Max(from, word.Index - 14); p--)
            {
                if ("比较与和同".Contains(clean[p], StringComparison.Ordinal))
                {
                    compare = p;
                    break;
                }
            }

            if (word.Groups["weak"].Success && compare < 0)
            {
                continue;
            }

            var changeFrom = compare >= 0 ? compare : word.Index;
            if (word.Groups["flat"].Success || word.Groups["weak"].Value is "不变" or "一致" or "相同")
            {
                return (new StatedChange(ChangeDirection.Flat, word.Value, new StatedAmount(0m, AmountUnit.TenThousandYuan)), null, changeFrom, End(word), false);
            }

            var direction = word.Groups["inc"].Success || word.Value == "增" ? ChangeDirection.Increase : ChangeDirection.Decrease;
            var figure = ChangeFigure().Match(clean[..to], End(word));
            if (!figure.Success || figure.Groups["pct"].Success)
            {
                var problem = figure.Success ? $"“{word.Value}”后只有百分比，没有金额" : $"“{word.Value}”后没有可读的金额";
                return (null, problem, changeFrom, End(word), false);
            }

            var number = figure.Groups["num"].Value;
            if (!WellFormed().IsMatch(number))
            {
                return (null, $"“{word.Value}”后的金额“{number}”无法识别", changeFrom, End(figure), false);
            }

            var unit = UnitOf(figure.Groups["unit"].Value);
            var amount = new StatedAmount(decimal.Parse(number, CultureInfo.InvariantCulture), unit ?? AmountUnit.TenThousandYuan);
            return (new StatedChange(direction, word.Value, amount), null, changeFrom, End(figure), unit is not null);
        }

        return (null, null, to, to, false);
    }

    private static (StatedAmount? Value, string? Problem) ReadAmount(string clean, int from, int to, int skipFrom, int skipTo, AmountUnit packageUnit)
    {
        foreach (Match token in Number().Matches(clean[..to], from))
        {
            if (token.Index >= skipFrom && token.Index < skipTo)
            {
                continue;
            }

            var after = End(token) < clean.Length ? clean[End(token)] : '\0';
            if (NotMoney.Contains(after) || (token.Index > 0 && clean[token.Index - 1] == '第'))
            {
                continue;
            }

            if (!WellFormed().IsMatch(token.Value))
            {
                return (null, $"金额“{token.Value}”无法识别");
            }

            var unit = UnitOf(UnitAfter().Match(clean[..to], End(token)).Value) ?? packageUnit;
            return (new StatedAmount(decimal.Parse(token.Value, CultureInfo.InvariantCulture), unit), null);
        }

        return (null, "没有可读的金额");
    }

    private const string NotMoney = "年月日辆个人名次%项号天家台批期岁位处条套";

    private static AmountUnit? UnitOf(string unit) => unit switch
    {
        "万元" or "万" => AmountUnit.TenThousandYuan,
        "元" => AmountUnit.Yuan,
        _ => null,
    };

    private static int End(Match match) => match.Index + match.Length;

    private static int TrimEnd(string clean, int start, int end)
    {
        while (end > start)
        {
            if (Separators.Contains(clean[end - 1], StringComparison.Ordinal))
            {
                end--;
            }
            else if (end - 2 >= start && clean.AsSpan(end - 2, 2).SequenceEqual("其中"))
            {
                end -= 2;
            }
            else
            {
                break;
            }
        }

        return end;
    }

    // The subtotal before 购置: both start with 公务用车购置; leftmost-longest keeps 公务用车购置及运行维护费 whole.
    [GeneratedRegex(@"(?<sub>公务用车购置(?:及|和|与)运行(?:维护|维修)?费(?:用)?)|(?<pur>(?:公务用车|公车|车辆)?购置费(?:用)?)|(?<op>(?:公务用车|公车|车辆)?运行(?:维护|维修)?费(?:用)?)|(?<out>因公出国[（(]?境?[)）]?费(?:用)?|出国[（(]境[)）]费(?:用)?)|(?<rec>(?:国内)?(?:公务)?接待费(?:用)?)|(?<tot>[“”""‘’']?三公[“”""‘’']?经费)")]
    private static partial Regex Keyword();

    [GeneratedRegex(@"^(?:[、,，和及与]|以及)+$")]
    private static partial Regex Joiners();

    [GeneratedRegex(@"主要原因(?:是|为|系|在于)?[：:]?|原因(?:是|为|系|在于)[：:]?|主要(?:是|系)|主要用于|主要因为|主要由于|由于|因为")]
    private static partial Regex ReasonMarker();

    [GeneratedRegex(@"(?<inc>增加|增长|上升|上涨)|(?<dec>减少|下降|降低|压减|缩减)|(?<flat>持平|保持一致|保持不变|没有变化|无变化)|(?<weak>增|减|不变|一致|相同)")]
    private static partial Regex Direction();

    [GeneratedRegex(@"\G[了约为达计共：:]{0,2}(?<num>\d[\d.]*)(?<unit>万元|万|元)?(?<pct>%)?")]
    private static partial Regex ChangeFigure();

    [GeneratedRegex(@"\d[\d.]*")]
    private static partial Regex Number();

    [GeneratedRegex(@"^\d+(?:\.\d+)?$")]
    private static partial Regex WellFormed();

    [GeneratedRegex(@"\G(?:万元|万|元)")]
    private static partial Regex UnitAfter();
}
