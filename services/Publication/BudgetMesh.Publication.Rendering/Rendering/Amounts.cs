using System.Globalization;
using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Budget;

namespace BudgetMesh.Publication.Rendering;

/// <summary>Amounts as the public reads them: the package keeps exact decimal strings, the page shows 1,234.50.</summary>
internal static class Amounts
{
    /// <summary>
    /// Thousands separators and two decimals. A printed cell that is not a number (".", "—") is shown as printed:
    /// the page must not invent a 0 the department never printed.
    /// </summary>
    public static string Format(string? amount)
    {
        if (amount is null)
        {
            return string.Empty;
        }

        return TryParse(amount, out var value)
            ? Math.Round(value, 2, MidpointRounding.AwayFromZero).ToString("#,##0.00", CultureInfo.InvariantCulture)
            : amount;
    }

    public static bool TryParse(string amount, out decimal value) =>
        WireAmount.TryParse(amount, out value);

    public static string UnitName(AmountUnit unit) => unit switch
    {
        AmountUnit.Yuan => "元",
        AmountUnit.TenThousandYuan => "万元",
        _ => "未注明",
    };
}
