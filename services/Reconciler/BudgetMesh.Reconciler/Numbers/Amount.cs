using System.Globalization;
using BudgetMesh.Contracts.Budget.V1;

namespace BudgetMesh.Reconciler.Numbers;

/// <summary>What a printed amount cell holds.</summary>
internal enum CellState
{
    /// <summary>Nothing printed.</summary>
    Blank,

    /// <summary>A number.</summary>
    Number,

    /// <summary>Printed, but not a number ("." or "XX"): never read as 0.</summary>
    Unparseable,
}

/// <summary>A printed amount cell: blank, a number in its table's unit, or text that is not a number.</summary>
internal readonly record struct Amount(CellState State, decimal Value, string? Printed)
{
    public static readonly Amount Blank = new(CellState.Blank, 0m, null);

    public bool IsNumber => State == CellState.Number;

    public bool IsBlank => State == CellState.Blank;

    public bool IsUnparseable => State == CellState.Unparseable;

    /// <summary>The value where blank counts as 0 (a blank cell in a sum), or null for an unparseable cell.</summary>
    public decimal? ValueOrZero => State switch
    {
        CellState.Number => Value,
        CellState.Blank => 0m,
        _ => null,
    };

    /// <summary>Reads an optional proto amount field (a decimal string, unset when blank).</summary>
    public static Amount Parse(string? printed)
    {
        if (printed is null)
        {
            return Blank;
        }

        if (TryParsePlain(printed, out var plain))
        {
            return new Amount(CellState.Number, plain, printed);
        }

        if (printed.Trim().Length == 0)
        {
            return Blank;
        }

        var text = printed.Trim().Replace(",", string.Empty, StringComparison.Ordinal).Replace("，", string.Empty, StringComparison.Ordinal);
        return decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            ? new Amount(CellState.Number, value, printed)
            : new Amount(CellState.Unparseable, 0m, printed);
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
            return false;
        }

        value = new decimal((int)(mantissa & 0xFFFFFFFF), (int)(mantissa >> 32), 0, negative, (byte)Math.Max(scale, 0));
        return true;
    }

    public override string ToString() => State switch
    {
        CellState.Number => Value.ToString("0.00##", CultureInfo.InvariantCulture),
        CellState.Blank => "（空）",
        _ => $"“{Printed}”",
    };
}

/// <summary>Units and the comparison tolerances of rules.md.</summary>
internal static class Units
{
    /// <summary>元 per display unit.</summary>
    public static decimal YuanPer(AmountUnit unit) => unit switch
    {
        AmountUnit.TenThousandYuan => 10_000m,
        _ => 1m,
    };

    /// <summary>Converts a value between units, exactly.</summary>
    public static decimal Convert(decimal value, AmountUnit from, AmountUnit to) =>
        from == to ? value : value * YuanPer(from) / YuanPer(to);

    /// <summary>The Chinese name of a unit, for messages.</summary>
    public static string Name(AmountUnit unit) => unit switch
    {
        AmountUnit.Yuan => "元",
        AmountUnit.TenThousandYuan => "万元",
        _ => "（未声明单位）",
    };

    /// <summary>
    /// How far a printed total may sit from the sum of <paramref name="termCount"/> printed figures, each
    /// rounded to 2 decimals: (n+1) half-cents of the display unit. Inside it a difference is a rounding note.
    /// </summary>
    public static decimal RoundingEnvelope(int termCount) => (termCount + 1) * 0.005m;

    /// <summary>Narrative against table, after conversion to the table's unit: 0.005 万元 or 0.5 元.</summary>
    public static decimal NarrativeTolerance(AmountUnit tableUnit) => tableUnit == AmountUnit.Yuan ? 0.5m : 0.005m;
}
