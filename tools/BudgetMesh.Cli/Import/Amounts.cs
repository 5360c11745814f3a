using System.Globalization;
using System.Text.RegularExpressions;

namespace BudgetMesh.Cli.Import;

/// <summary>Amount cells as the contract wants them: unset when blank, separators removed, anything else verbatim.</summary>
internal static partial class Amounts
{
    public static string? Parse(string? cell)
    {
        var text = cell?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var plain = Plain(text);
        return IsNumber(plain) ? plain : text;
    }

    /// <summary>A printed number, thousands separators allowed.</summary>
    public static bool IsNumber(string? cell) => cell is not null && NumberPattern().IsMatch(Plain(cell.Trim()));

    /// <summary>
    /// The sum of printed parts (其他资金 printed as 财政专户/单位资金/…), keeping the printed precision; null when a part
    /// is not a number, so a stray mark is never summed as 0.
    /// </summary>
    public static string? Sum(IReadOnlyCollection<string> parts)
    {
        if (parts.Count == 0 || !parts.All(IsNumber))
        {
            return null;
        }

        return parts.Sum(p => decimal.Parse(Plain(p.Trim()), NumberStyles.Number, CultureInfo.InvariantCulture)).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Compares a printed amount with a number, for inferences (units, codes); false when it is not a number.</summary>
    public static bool TryValue(string? cell, out decimal value)
    {
        value = 0;
        return IsNumber(cell) && decimal.TryParse(Plain(cell!.Trim()), NumberStyles.Number, CultureInfo.InvariantCulture, out value);
    }

    private static string Plain(string text) =>
        text.Replace(",", string.Empty, StringComparison.Ordinal).Replace("，", string.Empty, StringComparison.Ordinal);

    [GeneratedRegex(@"^-?\d+(\.\d+)?$")]
    private static partial Regex NumberPattern();
}
