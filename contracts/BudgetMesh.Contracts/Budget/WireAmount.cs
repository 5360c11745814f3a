using System.Globalization;

namespace BudgetMesh.Contracts.Budget;

/// <summary>
/// The one reader of the package's amount strings (table cells, totals): a decimal string as the contract writes
/// it, "-1234.50". Surrounding spaces and thousands separators ("1,234.50", "1，234.50") are tolerated; anything
/// else ("XX", ".", "—", "1e3") is not a number. Every service that reads amounts off the wire uses this, so a
/// cell one rule owner reads as a number no other reads as text.
/// </summary>
public static class WireAmount
{
    private const NumberStyles Plain = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint;

    /// <summary>Reads <paramref name="text"/>; false for null, blank or anything that is not a number.</summary>
    public static bool TryParse(string? text, out decimal value)
    {
        if (text is null)
        {
            value = 0m;
            return false;
        }

        if (TryParsePlain(text, out value))
        {
            return true;
        }

        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            value = 0m;
            return false;
        }

        if (trimmed.Contains(',', StringComparison.Ordinal) || trimmed.Contains('，', StringComparison.Ordinal))
        {
            trimmed = trimmed.Replace(",", string.Empty, StringComparison.Ordinal).Replace("，", string.Empty, StringComparison.Ordinal);
        }

        return decimal.TryParse(trimmed, Plain, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>
    /// The common case without allocating: an optional '-', digits, and at most one '.' followed by digits, at most
    /// 18 digits in all. Gives exactly what decimal.TryParse gives (value and scale, so "1.50" keeps its two
    /// places); anything else (spaces, separators, '+', exponents, longer numbers) goes the general way.
    /// </summary>
    private static bool TryParsePlain(string text, out decimal value)
    {
        value = 0m;
        var i = 0;
        var negative = text.Length > 0 && text[0] == '-';
        if (negative)
        {
            i = 1;
        }

        long mantissa = 0;
        var digits = 0;
        var scale = -1;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (c is >= '0' and <= '9')
            {
                if (++digits > 18)
                {
                    return false;
                }

                mantissa = (mantissa * 10) + (c - '0');
                if (scale >= 0)
                {
                    scale++;
                }
            }
            else if (c == '.' && scale < 0)
            {
                scale = 0;
            }
            else
            {
                return false;
            }
        }

        // "", "-", ".", "5." and zeros (signed or not) are left to the general path, which knows what it makes of them.
        if (digits == 0 || mantissa == 0 || scale == 0)
        {
            value = 0m;
            return false;
        }

        value = new decimal((int)(mantissa & 0xFFFFFFFF), (int)(mantissa >> 32), 0, negative, (byte)Math.Max(scale, 0));
        return true;
    }
}
