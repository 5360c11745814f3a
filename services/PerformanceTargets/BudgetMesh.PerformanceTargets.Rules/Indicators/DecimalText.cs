using System.Globalization;
using BudgetMesh.Contracts.Text;

namespace BudgetMesh.PerformanceTargets.Indicators;

/// <summary>Reads printed numbers: thousands separators, full-width digits, a trailing %; nothing else.</summary>
internal static class DecimalText
{
    public static bool TryParse(string? text, out decimal value)
    {
        value = 0m;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var s = NormalizedText.Canonical(text).Replace(",", string.Empty, StringComparison.Ordinal);
        if (s.EndsWith('%'))
        {
            s = s[..^1];
        }

        return s.Length > 0
            && decimal.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Decimal places as printed ("72.06" → 2), so tolerances follow the printed precision.</summary>
    public static int Decimals(string? text)
    {
        var s = NormalizedText.Canonical(text);
        var dot = s.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0)
        {
            return 0;
        }

        var count = 0;
        for (var i = dot + 1; i < s.Length && char.IsAsciiDigit(s[i]); i++)
        {
            count++;
        }

        return count;
    }

    public static string Format(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>Weights and other plain figures: as few decimals as the value needs.</summary>
    public static string Plain(decimal value) => value.ToString("0.##########", CultureInfo.InvariantCulture);
}
