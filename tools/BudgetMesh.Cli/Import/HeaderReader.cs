using System.Globalization;
using System.Text.RegularExpressions;
using BudgetMesh.Contracts.Budget.V1;

namespace BudgetMesh.Cli.Import;

/// <summary>The header fields the narrative prints: title, names, year, unit, contact.</summary>
internal static partial class HeaderReader
{
    /// <summary>Chongqing's districts and counties: the seeds' region; other regions pass --district.</summary>
    private static readonly Dictionary<string, string> Districts = new()
    {
        ["万州区"] = "500101", ["涪陵区"] = "500102", ["渝中区"] = "500103", ["大渡口区"] = "500104", ["江北区"] = "500105",
        ["沙坪坝区"] = "500106", ["九龙坡区"] = "500107", ["南岸区"] = "500108", ["北碚区"] = "500109", ["綦江区"] = "500110",
        ["大足区"] = "500111", ["渝北区"] = "500112", ["巴南区"] = "500113", ["黔江区"] = "500114", ["长寿区"] = "500115",
        ["江津区"] = "500116", ["合川区"] = "500117", ["永川区"] = "500118", ["南川区"] = "500119", ["璧山区"] = "500120",
        ["铜梁区"] = "500151", ["潼南区"] = "500152", ["荣昌区"] = "500153", ["开州区"] = "500154", ["梁平区"] = "500155",
        ["武隆区"] = "500156", ["城口县"] = "500229", ["丰都县"] = "500230", ["垫江县"] = "500231", ["忠县"] = "500233",
        ["云阳县"] = "500235", ["奉节县"] = "500236", ["巫山县"] = "500237", ["巫溪县"] = "500238",
        ["石柱土家族自治县"] = "500240", ["秀山土家族苗族自治县"] = "500241", ["酉阳土家族苗族自治县"] = "500242", ["彭水苗族土家族自治县"] = "500243",
    };

    public static void Read(PackageHeader header, string[] lines, int narrativeEnd, ImportOptions options, List<string> notes)
    {
        var narrative = lines[..narrativeEnd].Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        var titleIndex = narrative.FindIndex(l => l.Length < 40 && TitlePattern().IsMatch(l));
        if (titleIndex >= 0)
        {
            header.DocumentTitle = narrative[titleIndex];
            header.BudgetYear = int.Parse(TitlePattern().Match(narrative[titleIndex]).Groups[1].Value, CultureInfo.InvariantCulture);
        }

        var name = titleIndex > 0 ? narrative[titleIndex - 1] : narrative.FirstOrDefault() ?? string.Empty;
        header.UnitName = name;
        var own = name.EndsWith("（本级）", StringComparison.Ordinal) || name.EndsWith("(本级)", StringComparison.Ordinal);
        header.DepartmentName = own ? name[..^4] : name;
        header.UnitKind = own ? UnitKind.Administrative : UnitKind.DepartmentConsolidated;

        var district = Districts.Keys.Where(d => name.Contains(d, StringComparison.Ordinal)).OrderByDescending(d => d.Length).FirstOrDefault();
        if (district is not null)
        {
            header.DistrictName = (name.StartsWith("重庆市", StringComparison.Ordinal) ? "重庆市" : string.Empty) + district;
            if (!name.StartsWith("重庆市", StringComparison.Ordinal))
            {
                header.DistrictName = "重庆市" + district;
            }
        }

        header.DistrictCode = options.DistrictCode ?? (district is null ? string.Empty : Districts[district]);
        if (options.DistrictCode is null && district is not null)
        {
            notes.Add($"区划代码 {header.DistrictCode} 由名称“{district}”推断");
        }

        var units = string.Join('\n', lines[..narrativeEnd]);
        header.AmountUnit = units.Contains("万元", StringComparison.Ordinal) ? AmountUnit.TenThousandYuan : AmountUnit.Yuan;

        var codes = CodedNamePattern().Matches(string.Join('\n', lines)).Select(m => (Code: m.Groups[1].Value, Name: m.Groups[2].Value.Trim())).ToList();
        var departmentCode = codes.FirstOrDefault(c => c.Name == header.DepartmentName).Code;
        var unitCode = codes.FirstOrDefault(c => c.Name == header.UnitName).Code;
        header.DepartmentCode = options.DepartmentCode ?? departmentCode ?? (unitCode is { Length: > 3 } u ? u[..3] : string.Empty);
        header.UnitCode = options.UnitCode ?? (own ? unitCode ?? string.Empty : header.DepartmentCode);

        var contact = narrative.LastOrDefault(l => l.Contains("联系人", StringComparison.Ordinal));
        if (contact is not null && ContactPattern().Match(contact) is { Success: true } c)
        {
            header.Contact = new Contact { Name = c.Groups[1].Value.Trim(), Phone = c.Groups[2].Value.Trim() };
        }
    }

    [GeneratedRegex(@"^(\d{4})\s*年.*(说明|公开)")]
    private static partial Regex TitlePattern();

    [GeneratedRegex(@"(\d{3,6})-([^\t\n]+)")]
    private static partial Regex CodedNamePattern();

    [GeneratedRegex(@"联系人[：:]\s*([^；;\s]+)[；;\s]*联系(?:方式|电话)[：:]\s*([\d\-]+)")]
    private static partial Regex ContactPattern();
}
