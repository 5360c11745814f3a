using System.Globalization;
using BudgetMesh.Contracts.Budget;

namespace BudgetMesh.ThreePublicExpenses.Rules;

/// <summary>The unit a table or a narrative figure is printed in.</summary>
internal enum AmountUnit
{
    Yuan,
    TenThousandYuan,
}

internal static class Units
{
    public static string Name(AmountUnit unit) => unit == AmountUnit.Yuan ? "元" : "万元";

    public static decimal Convert(decimal value, AmountUnit from, AmountUnit to) =>
        from == to ? value : to == AmountUnit.TenThousandYuan ? value / 10000m : value * 10000m;

    public static decimal ToTenThousand(decimal value, AmountUnit from) => Convert(value, from, AmountUnit.TenThousandYuan);

    /// <summary>
    /// Half of the last printed digit of the coarser side, in <paramref name="compareIn"/>: a 万元 figure
    /// printed to 2 decimals cannot be closer than 0.005 万元 to anything, whatever the other side's unit.
    /// </summary>
    public static decimal PrintedTolerance(AmountUnit a, AmountUnit b, AmountUnit compareIn)
    {
        var coarse = a == AmountUnit.TenThousandYuan || b == AmountUnit.TenThousandYuan
            ? (Value: 0.005m, Unit: AmountUnit.TenThousandYuan)
            : (Value: 0.5m, Unit: AmountUnit.Yuan);
        return Convert(coarse.Value, coarse.Unit, compareIn);
    }

    /// <summary>Shows an amount with at least two decimals and no trailing zeros beyond them.</summary>
    public static string Format(decimal value)
    {
        var rounded = value == Math.Round(value, 2) ? value.ToString("0.00", CultureInfo.InvariantCulture) : value.ToString("0.##########", CultureInfo.InvariantCulture);
        return rounded == "-0.00" ? "0.00" : rounded;
    }

    /// <summary>A change with its sign, for messages ("+2.90", "-0.60").</summary>
    public static string FormatSigned(decimal value) => (value > 0 ? "+" : string.Empty) + Format(value);
}

/// <summary>What a printed cell holds: nothing, a number, or text that is not a number.</summary>
internal readonly record struct Cell(string? Raw)
{
    public static readonly Cell Blank = new(null);

    public bool IsBlank => string.IsNullOrWhiteSpace(Raw);

    /// <summary>The value, when the cell prints a number.</summary>
    public decimal? Value =>
        !IsBlank && WireAmount.TryParse(Raw, out var value)
            ? value
            : null;

    /// <summary>A printed cell that is not a number ("XX", ".", "—"): never read as 0.</summary>
    public bool IsUnreadable => !IsBlank && Value is null;

    /// <summary>The value with a blank read as 0; only for tables where a blank means nothing budgeted.</summary>
    public decimal? ValueOrZeroWhenBlank => IsBlank ? 0m : Value;

    public static Cell Of(decimal value) => new(value.ToString(CultureInfo.InvariantCulture));
}
