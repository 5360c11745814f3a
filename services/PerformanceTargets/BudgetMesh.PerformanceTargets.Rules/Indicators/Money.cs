using BudgetMesh.Contracts.Text;

namespace BudgetMesh.PerformanceTargets.Indicators;

/// <summary>元 ↔ 万元: every comparison across tables happens in 万元.</summary>
internal static class Money
{
    public static decimal ToWan(decimal value, MoneyUnit unit) => unit == MoneyUnit.Yuan ? value / 10000m : value;

    public static string Name(MoneyUnit unit) => unit == MoneyUnit.Yuan ? "元" : "万元";

    /// <summary>Reads a printed money amount in its table's unit, as 万元; false when blank or not a number.</summary>
    public static bool TryReadWan(string? printed, MoneyUnit unit, out decimal wan)
    {
        wan = 0m;
        if (!DecimalText.TryParse(printed, out var value) || NormalizedText.Canonical(printed).EndsWith('%'))
        {
            return false;
        }

        wan = ToWan(value, unit);
        return true;
    }

    /// <summary>
    /// How many 元 one unit of an indicator's printed money unit is, or null when the unit is not an amount
    /// ("元/人" is a price, "万件" a count). "万" is money only where the caller knows the indicator is a cost.
    /// </summary>
    public static decimal? YuanPerUnit(string unit, bool bareWanIsMoney)
    {
        return NormalizedText.Canonical(unit) switch
        {
            "元" => 1m,
            "千元" => 1000m,
            "万元" => 10000m,
            "百万元" => 1000000m,
            "亿元" => 100000000m,
            "万" when bareWanIsMoney => 10000m,
            _ => null,
        };
    }
}
