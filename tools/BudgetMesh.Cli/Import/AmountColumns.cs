using System.Globalization;
using System.Text.RegularExpressions;

namespace BudgetMesh.Cli.Import;

/// <summary>
/// Which contract field each amount column of a coded table holds (the columns after code and name), by what its printed
/// header says in the table's layout profile: the header read by position (PDF, spreadsheet), else the heading row of
/// text that names the most fields. A column headed by an earlier year than the table's latest is the prior year. A
/// header the profile does not describe at all is read in the profile's printed order.
/// </summary>
internal static partial class AmountColumns
{
    /// <param name="names">The printed header of each amount column (empty when none was read).</param>
    /// <returns>The field of each amount column, null where the header names none.</returns>
    public static IReadOnlyList<string?> Of(Section section, out IReadOnlyList<string> names)
    {
        var layout = section.Layout;
        var years = section.Rows.Where(r => r.IsHeader || CodedRows.IsHeading(r)).SelectMany(r => r.Filled)
            .Select(c => YearPattern().Match(c)).Where(m => m.Success)
            .Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).Distinct().ToList();
        var latest = years.Count > 0 ? years.Max() : 0;
        var hasPrior = years.Count >= 2;

        string? Field(string header) =>
            YearPattern().Match(header) is { Success: true } year && int.Parse(year.Groups[1].Value, CultureInfo.InvariantCulture) < latest
                ? "priorYear"
                : layout?.FieldOf(header);

        names = Printed(section, Field);
        var fields = names.Select(Field).ToList();
        if (layout is null || fields.All(f => f is null))
        {
            // No readable header: the profile's printed order (a prior-year column first where a second year is printed).
            names = [];
            return [.. hasPrior ? ["priorYear"] : Array.Empty<string>(), .. layout?.Order ?? []];
        }

        if (hasPrior && !fields.Contains("priorYear"))
        {
            // The years head a row above the amount names (2024年预算数 | 2025年预算数 over 合计 基本支出 项目支出).
            names = ["", .. names];
            fields.Insert(0, "priorYear");
        }

        return fields;
    }

    /// <summary>The printed names of the amount columns: the positional header after code and name, else the best heading row of text.</summary>
    private static List<string> Printed(Section section, Func<string, string?> field)
    {
        if (section.Columns.Count > 2)
        {
            return [.. section.Columns.Skip(2)];
        }

        var best = section.Rows.Where(CodedRows.IsHeading)
            .Select(r => r.Filled.SelectMany(c => Split(c, field)).ToList())
            .Select(cells => (Cells: cells, Named: cells.Count(c => field(c) is not null)))
            .Where(h => h.Named > 0)
            .OrderByDescending(h => h.Named)
            .FirstOrDefault();
        return best.Cells is null ? [] : [.. best.Cells.SkipWhile(c => field(c) is null)];
    }

    /// <summary>A heading cell printed single-spaced (`总计 基本支出 项目支出`): its words when two or more name fields, else the cell.</summary>
    private static IEnumerable<string> Split(string cell, Func<string, string?> field)
    {
        var words = cell.Split([' ', '\u3000'], StringSplitOptions.RemoveEmptyEntries);
        return words.Length > 1 && words.Select(field).Where(f => f is not null).Distinct().Count() >= 2 ? words : [cell];
    }

    [GeneratedRegex(@"^(\d{4})\s*年(预算数|执行数|预算)?$")]
    private static partial Regex YearPattern();
}
