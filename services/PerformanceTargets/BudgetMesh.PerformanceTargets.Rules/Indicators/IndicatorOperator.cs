using BudgetMesh.Contracts.Text;

namespace BudgetMesh.PerformanceTargets.Indicators;

/// <summary>指标性质, normalised.</summary>
internal enum IndicatorOperator
{
    /// <summary>The cell is blank.</summary>
    Missing,

    /// <summary>Printed, but not an operator we know.</summary>
    Unknown,
    GreaterOrEqual,
    Greater,
    Equal,
    LessOrEqual,
    Less,
    Qualitative,
}

internal static class IndicatorOperators
{
    // Real tables print the symbols in ASCII, full width, the JIS variants (≧ ≦) and in words.
    private static readonly (string Text, IndicatorOperator Operator)[] Spellings =
    [
        ("≥", IndicatorOperator.GreaterOrEqual), ("≧", IndicatorOperator.GreaterOrEqual), (">=", IndicatorOperator.GreaterOrEqual),
        ("大于等于", IndicatorOperator.GreaterOrEqual), ("大于或等于", IndicatorOperator.GreaterOrEqual), ("不低于", IndicatorOperator.GreaterOrEqual),
        ("不少于", IndicatorOperator.GreaterOrEqual), ("不小于", IndicatorOperator.GreaterOrEqual), ("≮", IndicatorOperator.GreaterOrEqual),
        ("≤", IndicatorOperator.LessOrEqual), ("≦", IndicatorOperator.LessOrEqual), ("<=", IndicatorOperator.LessOrEqual),
        ("小于等于", IndicatorOperator.LessOrEqual), ("小于或等于", IndicatorOperator.LessOrEqual), ("不高于", IndicatorOperator.LessOrEqual),
        ("不超过", IndicatorOperator.LessOrEqual), ("不多于", IndicatorOperator.LessOrEqual), ("不大于", IndicatorOperator.LessOrEqual),
        ("≯", IndicatorOperator.LessOrEqual),
        ("=", IndicatorOperator.Equal), ("==", IndicatorOperator.Equal), ("等于", IndicatorOperator.Equal),
        (">", IndicatorOperator.Greater), ("大于", IndicatorOperator.Greater), ("高于", IndicatorOperator.Greater), ("多于", IndicatorOperator.Greater),
        ("<", IndicatorOperator.Less), ("小于", IndicatorOperator.Less), ("低于", IndicatorOperator.Less), ("少于", IndicatorOperator.Less),
        ("定性", IndicatorOperator.Qualitative), ("定性指标", IndicatorOperator.Qualitative),
    ];

    // Longest first, so "≥" is not read as ">" and "大于等于" not as "大于" when peeled off a value.
    private static readonly (string Text, IndicatorOperator Operator)[] Prefixes =
        [.. Spellings.Where(s => s.Operator != IndicatorOperator.Qualitative).OrderByDescending(s => s.Text.Length)];

    /// <summary>Reads 指标性质; NFKC folds ＝ ＞ ＜ and full-width spaces first.</summary>
    public static IndicatorOperator Parse(string? printed)
    {
        var s = NormalizedText.Canonical(printed);
        if (s.Length == 0)
        {
            return IndicatorOperator.Missing;
        }

        foreach (var (text, op) in Spellings)
        {
            if (s == text)
            {
                return op;
            }
        }

        return IndicatorOperator.Unknown;
    }

    /// <summary>An operator printed inside the value cell ("≥95"), as tables with a 定量 column do.</summary>
    public static bool TryPeel(string value, out IndicatorOperator op, out string rest)
    {
        var s = NormalizedText.Canonical(value);
        foreach (var (text, candidate) in Prefixes)
        {
            if (s.StartsWith(text, StringComparison.Ordinal) && s.Length > text.Length)
            {
                op = candidate;
                rest = s[text.Length..];
                return true;
            }
        }

        op = IndicatorOperator.Missing;
        rest = s;
        return false;
    }

    public static bool IsQuantitative(this IndicatorOperator op) =>
        op is IndicatorOperator.GreaterOrEqual or IndicatorOperator.Greater or IndicatorOperator.Equal
            or IndicatorOperator.LessOrEqual or IndicatorOperator.Less;
}
