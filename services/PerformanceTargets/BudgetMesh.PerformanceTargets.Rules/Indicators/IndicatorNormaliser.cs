using System.Text.RegularExpressions;
using BudgetMesh.Contracts.Text;

namespace BudgetMesh.PerformanceTargets.Indicators;

/// <summary>
/// Turns printed indicator rows into one shape: merged 一级/二级 cells continue the group above, level names
/// lose their spelling variants, operators their symbol variants, values their embedded operator or unit.
/// </summary>
internal static partial class IndicatorNormaliser
{
    public static IReadOnlyList<NormalisedIndicator> Normalise(IReadOnlyList<RawIndicator> rows)
    {
        var printsLevel1 = rows.Any(r => !string.IsNullOrWhiteSpace(r.Level1));
        var printsLevel2 = rows.Any(r => !string.IsNullOrWhiteSpace(r.Level2));
        var result = new List<NormalisedIndicator>(rows.Count);

        var l1State = printsLevel1 ? LevelState.Missing : LevelState.NotPrinted;
        Level1? l1 = null;
        var l1Text = string.Empty;
        var l2State = printsLevel2 ? LevelState.Missing : LevelState.NotPrinted;
        string? l2 = null;
        Level1? l2Parent = null;
        var l2Text = string.Empty;

        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var l1Here = !string.IsNullOrWhiteSpace(row.Level1);
            var l2Here = !string.IsNullOrWhiteSpace(row.Level2);
            string? impliedLevel2 = null;

            if (l1Here)
            {
                l1Text = row.Level1.Trim();
                var (first, second) = IndicatorLevels.SplitCombined(row.Level1);
                l1 = IndicatorLevels.ParseLevel1(first);
                if (l1 is null && IndicatorLevels.ParseLevel2(first) is { } asLevel2)
                {
                    // "社会效益指标" printed in the 一级 column: the 一级 is its parent.
                    l1 = asLevel2.Parent;
                    impliedLevel2 = first;
                }
                else if (second is not null)
                {
                    impliedLevel2 = second;
                }

                l1State = l1 is null ? LevelState.Unknown : LevelState.Known;

                // A new 一级 group starts; its 二级 does not continue from the previous group.
                l2State = printsLevel2 || impliedLevel2 is not null ? LevelState.Missing : LevelState.NotPrinted;
                l2 = null;
                l2Parent = null;
                l2Text = string.Empty;
            }

            var level2Source = l2Here ? row.Level2 : impliedLevel2;
            if (level2Source is not null)
            {
                l2Text = level2Source.Trim();
                var stem = IndicatorLevels.Stem(level2Source);
                if (IndicatorLevels.ParseLevel2(stem) is { } parsed)
                {
                    (l2, l2Parent, l2State) = (parsed.Name, parsed.Parent, LevelState.Known);
                    if (parsed.Name == "成本" && l1 == Level1.Cost)
                    {
                        // "成本" under 成本指标 is the 一级 repeated, not the 产出 child.
                        (l2, l2Parent) = ("经济成本", Level1.Cost);
                    }
                }
                else
                {
                    (l2, l2Parent, l2State) = (null, null, LevelState.Unknown);
                }
            }

            var (rowL1State, rowL1) = (l1State, l1);
            if (!printsLevel1 && l2State == LevelState.Known)
            {
                // Tables that print only 二级 still say which 一级 each row belongs to.
                (rowL1State, rowL1) = (LevelState.Known, l2Parent);
            }

            var (op, value, number, unit) = ReadTarget(row);
            result.Add(new NormalisedIndicator(
                i, row,
                rowL1State, rowL1, l1Text, l1Here,
                l2State, l2, l2Parent, l2Text, l2Here || (l1Here && impliedLevel2 is not null),
                op, value, number, unit));
        }

        return result;
    }

    private static (IndicatorOperator Op, string Value, decimal? Number, string Unit) ReadTarget(RawIndicator row)
    {
        var op = IndicatorOperators.Parse(row.Operator);
        var value = NormalizedText.Canonical(row.TargetValue);
        var unit = NormaliseUnit(row.Unit);

        if ((op == IndicatorOperator.Missing || NormalizedText.Canonical(row.Operator) == "定量")
            && IndicatorOperators.TryPeel(value, out var peeled, out var rest))
        {
            (op, value) = (peeled, rest);
        }

        decimal? number = null;
        var match = NumberWithUnit().Match(value);
        if (match.Success && DecimalText.TryParse(match.Groups["number"].Value, out var parsed))
        {
            number = parsed;
            var suffix = NormaliseUnit(match.Groups["unit"].Value);
            if (unit.Length == 0 && suffix.Length > 0)
            {
                unit = suffix;
            }
        }

        return (op, value, number, unit);
    }

    /// <summary>"％", "百分比" and "百分之" all mean "%".</summary>
    public static string NormaliseUnit(string? printed)
    {
        var s = NormalizedText.Canonical(printed);
        return s is "百分比" or "百分之" or "百分率" ? "%" : s;
    }

    // A number, optionally followed by a unit that contains no digits ("95%", "100次"); "2025年1月" is no number.
    [GeneratedRegex(@"^(?<number>[+-]?\d[\d,]*(?:\.\d+)?)(?<unit>[^\d.,]*)$")]
    private static partial Regex NumberWithUnit();
}
