using System.Globalization;
using BudgetMesh.Contracts.Budget;
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

    /// <summary>Reads an optional proto amount field (a decimal string, unset when blank) with <see cref="WireAmount"/>.</summary>
    public static Amount Parse(string? printed)
    {
        if (printed is null)
        {
            return Blank;
        }

        if (WireAmount.TryParse(printed, out var value))
        {
            return new Amount(CellState.Number, value, printed);
        }

        return printed.Trim().Length == 0 ? Blank : new Amount(CellState.Unparseable, 0m, printed);
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
