using System.Globalization;
using System.Text.RegularExpressions;
using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Reference;

namespace BudgetMesh.Cli.Import;

/// <summary>
/// The header fields the document prints: title, year, department and unit (预算主管部门/预算单位/编制部门 lines, or the
/// name above the title), printed "编码-名称" or "编码 名称" codes (any dash or space, full-width too), the district (by name, <see cref="Districts"/>), unit and contact.
/// </summary>
internal static partial class HeaderReader
{
    /// <param name="narrative">The narrative's lines as printed.</param>
    /// <param name="headings">Every table's heading lines (编制部门：… 单位：…).</param>
    /// <param name="allText">The whole document, for printed codes.</param>
    /// <param name="tableUnits">The units the tables print, in order.</param>
    public static void Read(PackageHeader header, IReadOnlyList<string> narrative, IReadOnlyList<string> headings, string allText,
        IReadOnlyList<AmountUnit> tableUnits, ImportOptions options, List<string> notes)
    {
        var lines = narrative.Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        // The first line naming the year's budget: "2025年…情况说明" (Chongqing) or "上海市普陀区2025年区级部门预算" (Shanghai).
        var titleIndex = lines.FindIndex(l => l.Length < 40 && (TitlePattern().IsMatch(l) || YearTitlePattern().IsMatch(l)));

        if (titleIndex >= 0)
        {
            header.DocumentTitle = lines[titleIndex];
            header.BudgetYear = int.Parse(YearPattern().Match(lines[titleIndex]).Groups[1].Value, CultureInfo.InvariantCulture);
        }

        if (options.BudgetYear is { } year)
        {
            header.BudgetYear = year;
        }

        var labelled = Labelled(lines.Concat(headings));
        if (labelled.Department is { } department)
        {
            header.DepartmentName = department;
            header.UnitName = labelled.Unit ?? department;
            header.UnitKind = labelled.Unit is null || labelled.Unit == department ? UnitKind.DepartmentConsolidated : UnitKind.Administrative;
        }
        else
        {
            var name = titleIndex > 0 ? lines[titleIndex - 1] : lines.FirstOrDefault() ?? string.Empty;
            header.UnitName = labelled.Unit ?? name;
            var own = name.EndsWith("（本级）", StringComparison.Ordinal) || name.EndsWith("(本级)", StringComparison.Ordinal);
            header.DepartmentName = own ? name[..^4] : name;
            header.UnitKind = own ? UnitKind.Administrative : UnitKind.DepartmentConsolidated;
        }

        var district = DistrictCodes.Find(header.DepartmentName + "\n" + header.UnitName + "\n" + header.DocumentTitle);
        if (district is not null)
        {
            header.DistrictName = district.FullName;
        }

        header.DistrictCode = options.DistrictCode ?? district?.Code ?? string.Empty;
        if (options.DistrictCode is null && district is not null)
        {
            notes.Add($"区划代码 {header.DistrictCode} 由名称“{district.FullName}”推断（GB/T 2260）");
        }

        // The unit most tables print; a document without table units, by its narrative.
        header.AmountUnit = tableUnits.Where(u => u != AmountUnit.Unspecified).GroupBy(u => u).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstOrDefault();
        if (header.AmountUnit == AmountUnit.Unspecified)
        {
            header.AmountUnit = narrative.Any(l => l.Contains("万元", StringComparison.Ordinal)) ? AmountUnit.TenThousandYuan : AmountUnit.Yuan;
        }

        // A code printed beside the name: in a labelled line (部门：312001 政府办), anywhere beside the same name, or as the
        // first cell of a table's heading line that also prints its 单位：.
        var codes = CodedNamePattern().Matches(allText).Select(m => (Code: m.Groups[1].Value, Name: m.Groups[2].Value.Trim())).ToList();
        var headed = allText.Split('\n').Concat(headings).Select(l => HeadingCodePattern().Match(l)).Where(m => m.Success)
            .Select(m => m.Groups[1].Value).GroupBy(c => c).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstOrDefault();
        var departmentCode = labelled.DepartmentCode ?? codes.FirstOrDefault(c => c.Name == header.DepartmentName).Code;
        var unitCode = labelled.UnitCode ?? codes.FirstOrDefault(c => c.Name == header.UnitName).Code;
        if (departmentCode is null && unitCode is null && headed is not null)
        {
            // A 3-digit code is a department's, a longer one a unit's within it (Chongqing 312 / 312001).
            (departmentCode, unitCode) = headed.Length <= 3 ? (headed, (string?)null) : ((string?)null, headed);
        }

        var ownUnit = header.UnitKind != UnitKind.DepartmentConsolidated;
        header.DepartmentCode = options.DepartmentCode ?? departmentCode ?? (unitCode is { Length: > 3 } u ? u[..3] : string.Empty);
        // A unit code printed over the tables (312001 under department 312) says whose budget this is, labelled 本级 or not.
        header.UnitCode = options.UnitCode ?? (ownUnit || (headed is { Length: > 3 } && unitCode == headed) ? unitCode ?? string.Empty : header.DepartmentCode);

        var contact = lines.LastOrDefault(l => l.Contains("联系人", StringComparison.Ordinal));
        if (contact is not null && ContactPattern().Match(contact) is { Success: true } c)
        {
            header.Contact = new Contact { Name = c.Groups[1].Value.Trim(), Phone = c.Groups[2].Value.Trim() };
        }
    }

    /// <summary>预算主管部门 / 编制部门 (the department) and 预算单位 (the unit), as labelled lines print them.</summary>
    /// <remarks>A value printed as "编码 名称" gives its code and name; a bare 部门：/单位： label counts only before such a value.</remarks>
    private static Labels Labelled(IEnumerable<string> lines)
    {
        (string Name, string? Code)? department = null, compiler = null, unit = null;
        foreach (var line in lines)
        {
            foreach (Match m in LabelledPattern().Matches(line))
            {
                var value = m.Groups["value"].Value.Trim();
                var coded = CodedValuePattern().Match(value);
                var named = coded.Success ? (coded.Groups[2].Value.Trim(), coded.Groups[1].Value) : (value, (string?)null);
                switch (m.Groups["label"].Value)
                {
                    case "预算主管部门" or "部门": department ??= named; break;
                    case "编制部门" or "编制单位": compiler ??= named; break;
                    default: unit ??= named; break;
                }
            }
        }

        var dept = department ?? compiler;
        return new Labels(dept?.Name, dept?.Code, unit?.Name, unit?.Code);
    }

    private sealed record Labels(string? Department, string? DepartmentCode, string? Unit, string? UnitCode);

    [GeneratedRegex(@"^(\d{4})\s*年.*(说明|公开)")]
    private static partial Regex TitlePattern();

    [GeneratedRegex(@"^\S*\d{4}\s*年\S*预算$")]
    private static partial Regex YearTitlePattern();

    [GeneratedRegex(@"(\d{4})\s*年")]
    private static partial Regex YearPattern();

    // A code and a name: 3-6 digits (not part of a longer number, not a year) then a dash (ASCII, full-width, en/em) or
    // spaces (ASCII or full-width), then a name starting with a Chinese character that runs to the end of its cell.
    private const string Code = @"(?<![\d.A-Za-z])(\d{3,6})(?![\d.])";
    private const string Separator = @"(?:[ \u3000]*[-－—–][ \u3000]*|[ \u3000]+(?!年))";
    private const string CellEnd = @"(?=[ \u3000]{2,}|[\t\r\n]|[ \u3000]*(?:金额)?单位[：:]|$)";

    [GeneratedRegex(@"(?<label>预算主管部门|编制部门|编制单位|预算单位|(?<!\p{IsCJKUnifiedIdeographs})(?:部门|单位)(?=[：:][ \u3000]*" + Code + Separator + @"\p{IsCJKUnifiedIdeographs}))[：:]\s*(?<value>.+?)(?=\s*(?:(?:金额)?单位[：:]|$))")]
    private static partial Regex LabelledPattern();

    [GeneratedRegex("^" + Code + Separator + @"(\p{IsCJKUnifiedIdeographs}.*)$")]
    private static partial Regex CodedValuePattern();

    [GeneratedRegex(Code + Separator + @"(\p{IsCJKUnifiedIdeographs}[^\t\n]*?)" + CellEnd)]
    private static partial Regex CodedNamePattern();

    /// <summary>A table heading line whose first cell is a coded name and which also prints the table's 单位：.</summary>
    [GeneratedRegex(@"^[ \u3000\t]*" + Code + Separator + @"\p{IsCJKUnifiedIdeographs}[^\t]*?[\s\u3000]*(?:金额)?单位[：:]")]
    private static partial Regex HeadingCodePattern();

    [GeneratedRegex(@"联系人[：:]\s*([^；;\s]+)[；;\s]*联系(?:方式|电话)[：:]\s*([\d\-]+)")]
    private static partial Regex ContactPattern();
}
