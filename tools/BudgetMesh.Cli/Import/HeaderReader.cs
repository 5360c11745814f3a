using System.Globalization;
using System.Text.RegularExpressions;
using BudgetMesh.Contracts.Budget.V1;

namespace BudgetMesh.Cli.Import;

/// <summary>
/// The header fields the document prints: title, year, department and unit (预算主管部门/预算单位/编制部门 lines, or the
/// name above the title), printed "编码-名称" codes, the district (by name, <see cref="Districts"/>), unit and contact.
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

        var district = Districts.Find(header.DepartmentName + "\n" + header.UnitName + "\n" + header.DocumentTitle);
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

        var codes = CodedNamePattern().Matches(allText).Select(m => (Code: m.Groups[1].Value, Name: m.Groups[2].Value.Trim())).ToList();
        var departmentCode = codes.FirstOrDefault(c => c.Name == header.DepartmentName).Code;
        var unitCode = codes.FirstOrDefault(c => c.Name == header.UnitName).Code;
        var ownUnit = header.UnitKind != UnitKind.DepartmentConsolidated;
        header.DepartmentCode = options.DepartmentCode ?? departmentCode ?? (unitCode is { Length: > 3 } u ? u[..3] : string.Empty);
        header.UnitCode = options.UnitCode ?? (ownUnit ? unitCode ?? string.Empty : header.DepartmentCode);

        var contact = lines.LastOrDefault(l => l.Contains("联系人", StringComparison.Ordinal));
        if (contact is not null && ContactPattern().Match(contact) is { Success: true } c)
        {
            header.Contact = new Contact { Name = c.Groups[1].Value.Trim(), Phone = c.Groups[2].Value.Trim() };
        }
    }

    /// <summary>预算主管部门 / 编制部门 (the department) and 预算单位 (the unit), as labelled lines print them.</summary>
    private static (string? Department, string? Unit) Labelled(IEnumerable<string> lines)
    {
        string? department = null, compiler = null, unit = null;
        foreach (var line in lines)
        {
            foreach (Match m in LabelledPattern().Matches(line))
            {
                var value = m.Groups[2].Value.Trim();
                switch (m.Groups[1].Value)
                {
                    case "预算主管部门": department ??= value; break;
                    case "编制部门" or "编制单位": compiler ??= value; break;
                    default: unit ??= value; break;
                }
            }
        }

        return (department ?? compiler, unit);
    }

    [GeneratedRegex(@"^(\d{4})\s*年.*(说明|公开)")]
    private static partial Regex TitlePattern();

    [GeneratedRegex(@"^\S*\d{4}\s*年\S*预算$")]
    private static partial Regex YearTitlePattern();

    [GeneratedRegex(@"(\d{4})\s*年")]
    private static partial Regex YearPattern();

    [GeneratedRegex(@"(预算主管部门|编制部门|编制单位|预算单位)[：:]\s*(.+?)(?=\s*(?:(?:金额)?单位[：:]|$))")]
    private static partial Regex LabelledPattern();

    [GeneratedRegex(@"(\d{3,6})-([^\t\n]+)")]
    private static partial Regex CodedNamePattern();

    [GeneratedRegex(@"联系人[：:]\s*([^；;\s]+)[；;\s]*联系(?:方式|电话)[：:]\s*([\d\-]+)")]
    private static partial Regex ContactPattern();
}
