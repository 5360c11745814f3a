using System.Globalization;
using System.Text.RegularExpressions;
using BudgetMesh.Contracts.Budget.V1;

namespace BudgetMesh.Cli.Import;

/// <summary>
/// Published disclosure text (the seeds' forms, or `pdftotext -layout` output) to a package. Pure: text in,
/// package out. The narrative runs from the first line to the first annex heading; each annex is recognised by its
/// title, its cells split either one per line (tab-indented, a blank line ends the row) or one row per line (tabs).
/// Whatever cannot be placed is returned line by line, never dropped.
/// </summary>
internal static partial class DisclosureImporter
{
    public static ImportResult Import(string text, ImportOptions options)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
        var unplaced = new List<UnplacedLine>();
        var notes = new List<string>();
        var recognised = new List<string>();
        var package = new BudgetPackage { Header = new PackageHeader(), Narrative = new Narrative(), Tables = new AnnexTables() };

        var sections = Sections.Split(lines);
        package.Narrative.Text = Narrative(lines, sections.NarrativeEnd);
        HeaderReader.Read(package.Header, lines, sections.NarrativeEnd, options, notes);

        foreach (var section in sections.Tables)
        {
            var key = section.Key;
            var meta = new TableMeta
            {
                PrintedTitle = section.Title,
                AnnexLabel = section.Label,
                Unit = section.Unit == AmountUnit.Unspecified ? package.Header.AmountUnit : section.Unit,
            };
            var placed = key switch
            {
                "GF" or "JJ" or "GZ" or "ZC" => Tables.Function(section, meta, package.Tables, key),
                "JB" => Tables.Basic(section, meta, package.Tables),
                "JBG" or "XMJ" or "XMG" => Tables.Economic(section, meta, package.Tables, key),
                "SG" => Tables.ThreePublic(section, meta, package.Tables),
                _ => false,
            };
            if (placed)
            {
                recognised.Add(key);
            }
            else
            {
                notes.Add($"{section.Label}{section.Title}（{key}）：此类表暂不能自动导入，其各行列为未能放置的行");
                section.Rows.ForEach(r => r.Placed = false);
            }

            unplaced.AddRange(section.Rows.Where(r => !r.Placed).SelectMany(r => r.Lines));
        }

        unplaced.AddRange(sections.Stray);
        unplaced.Sort((a, b) => a.LineNumber.CompareTo(b.LineNumber));
        return new ImportResult(package, recognised, notes, unplaced);
    }

    /// <summary>From the first non-blank line through the line before the first annex heading, without trailing blank lines.</summary>
    private static string Narrative(string[] lines, int end)
    {
        var first = Array.FindIndex(lines, l => l.Trim().Length > 0);
        if (first < 0 || first >= end)
        {
            return string.Empty;
        }

        var last = end - 1;
        while (last > first && lines[last].Trim().Length == 0)
        {
            last--;
        }

        return string.Join('\n', lines[first..(last + 1)]);
    }

    /// <summary>An amount cell as the contract wants it: unset when blank, separators removed, anything else verbatim.</summary>
    internal static string? Amount(string? cell)
    {
        var text = cell?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var plain = text.Replace(",", string.Empty, StringComparison.Ordinal).Replace("，", string.Empty, StringComparison.Ordinal);
        return NumberPattern().IsMatch(plain) ? plain : text;
    }

    [GeneratedRegex(@"^-?\d+(\.\d+)?$")]
    internal static partial Regex NumberPattern();
}

/// <summary>One printed row: its cells and the source lines it came from.</summary>
internal sealed class Row(List<string> cells, List<UnplacedLine> lines)
{
    public List<string> Cells { get; } = cells;

    public List<UnplacedLine> Lines { get; } = lines;

    public bool Placed { get; set; }

    public string Cell(int index) => index < Cells.Count ? Cells[index].Trim() : string.Empty;

    /// <summary>Cells with text, trimmed.</summary>
    public IEnumerable<string> Filled => Cells.Select(c => c.Trim()).Where(c => c.Length > 0);
}

/// <summary>One annex: key, label, title, unit and rows.</summary>
internal sealed class Section
{
    /// <summary>Decided on the complete title: a subtitle line can change it (JB vs JBG, XMJ vs XMG).</summary>
    public required string Key { get; set; }

    public string Label { get; set; } = string.Empty;

    public string Title { get; set; } = string.Empty;

    public AmountUnit Unit { get; set; }

    public List<Row> Rows { get; } = [];

    /// <summary>Printed explanation lines below the rows (备注/本单位无…).</summary>
    public List<string> Remarks { get; } = [];
}

/// <summary>Splits the lines into the narrative and the annex sections.</summary>
internal static partial class Sections
{
    public sealed record Result(int NarrativeEnd, List<Section> Tables, List<UnplacedLine> Stray);

    private static readonly (string Key, Func<string, bool> Matches)[] Titles =
    [
        ("CZ", t => t.Contains("财政拨款收支总", StringComparison.Ordinal)),
        ("SG", t => t.Contains("三公", StringComparison.Ordinal)),
        ("JBG", t => t.Contains("基本支出", StringComparison.Ordinal) && t.Contains("政府预算", StringComparison.Ordinal)),
        ("JB", t => t.Contains("基本支出", StringComparison.Ordinal)),
        ("XMG", t => t.Contains("项目支出", StringComparison.Ordinal) && t.Contains("预算表", StringComparison.Ordinal) && t.Contains("政府预算", StringComparison.Ordinal)),
        ("XMJ", t => t.Contains("项目支出", StringComparison.Ordinal) && t.Contains("预算表", StringComparison.Ordinal) && t.Contains("经济分类", StringComparison.Ordinal)),
        ("XM", t => t.Contains("项目支出明细", StringComparison.Ordinal)),
        ("GF", t => t.Contains("一般公共预算", StringComparison.Ordinal) && t.Contains("支出", StringComparison.Ordinal) && t.EndsWith("表", StringComparison.Ordinal)),
        ("JJ", t => t.Contains("政府性基金", StringComparison.Ordinal) && t.EndsWith("表", StringComparison.Ordinal)),
        ("GZ", t => t.Contains("国有资本经营", StringComparison.Ordinal) && t.EndsWith("表", StringComparison.Ordinal)),
        ("SZ", t => t.Contains("收支总表", StringComparison.Ordinal)),
        ("SR", t => t.Contains("收入总表", StringComparison.Ordinal)),
        ("ZC", t => t.Contains("支出总表", StringComparison.Ordinal)),
        ("CG", t => t.Contains("政府采购", StringComparison.Ordinal) && t.EndsWith("表", StringComparison.Ordinal)),
        ("ZT", t => t.Contains("整体绩效目标", StringComparison.Ordinal)),
        ("XJ", t => t.Contains("项目绩效目标", StringComparison.Ordinal) || t == "绩效目标表"),
    ];

    public static Result Split(string[] lines)
    {
        var tables = new List<Section>();
        var stray = new List<UnplacedLine>();
        var narrativeEnd = lines.Length;
        Section? current = null;
        string? pendingLabel = null;
        var cells = new List<string>();
        var cellLines = new List<UnplacedLine>();

        void EndRow()
        {
            if (current is not null && cellLines.Count > 0)
            {
                current.Rows.Add(new Row([.. cells], [.. cellLines]));
            }

            cells.Clear();
            cellLines.Clear();
        }

        for (var i = 0; i < lines.Length; i++)
        {
            var raw = lines[i];
            var trimmed = raw.Trim();
            var line = new UnplacedLine(i + 1, raw);

            if (LabelPattern().IsMatch(trimmed))
            {
                EndRow();
                narrativeEnd = Math.Min(narrativeEnd, i);
                pendingLabel = trimmed;
                continue;
            }

            if (!raw.Contains('\t', StringComparison.Ordinal) && TitleKey(trimmed) is { } key && (pendingLabel is not null || narrativeEnd < lines.Length || IsStandaloneTitle(trimmed)))
            {
                EndRow();
                narrativeEnd = Math.Min(narrativeEnd, pendingLabel is null ? i : narrativeEnd);
                current = new Section { Key = key, Label = pendingLabel ?? string.Empty, Title = trimmed };
                pendingLabel = null;
                tables.Add(current);
                continue;
            }

            if (current is null)
            {
                if (pendingLabel is not null && trimmed.Length > 0)
                {
                    stray.Add(line);
                }

                continue;
            }

            // A second title line such as "（部门预算支出经济分类科目）" belongs to the title.
            if (current.Rows.Count == 0 && cellLines.Count == 0 && SubtitlePattern().IsMatch(trimmed))
            {
                current.Title += trimmed;
                continue;
            }

            if (UnitPattern().Match(trimmed) is { Success: true } unit && !raw.Contains('\t', StringComparison.Ordinal))
            {
                current.Unit = unit.Groups[1].Value == "万元" ? AmountUnit.TenThousandYuan : AmountUnit.Yuan;
                continue;
            }

            if (raw.StartsWith('\t') && raw.IndexOf('\t', 1) < 0)
            {
                // One cell per line (a lone tab is a blank cell): the row goes on until a blank line.
                cells.Add(raw[1..]);
                cellLines.Add(line);
                continue;
            }

            if (trimmed.Length == 0)
            {
                EndRow();
                continue;
            }

            if (!raw.StartsWith('\t') && raw.Split('\t').Count(c => c.Trim().Length > 0) == 1 && (trimmed.StartsWith("备注", StringComparison.Ordinal) || trimmed.StartsWith("本单位无", StringComparison.Ordinal)))
            {
                EndRow();
                current.Remarks.Add(trimmed);
                continue;
            }

            EndRow();
            current.Rows.Add(new Row([.. raw.Split('\t')], [line]));
        }

        EndRow();
        foreach (var table in tables)
        {
            table.Key = TitleKey(table.Title) ?? table.Key;
        }

        return new Result(narrativeEnd, tables, stray);
    }

    public static string? TitleKey(string line) =>
        line.Length is > 4 and < 90 && !line.Contains('。', StringComparison.Ordinal) && !line.StartsWith('-') && !ListItemPattern().IsMatch(line)
            ? Titles.FirstOrDefault(t => t.Matches(line)).Key
            : null;

    private static bool IsStandaloneTitle(string line) => YearTitlePattern().IsMatch(line);

    [GeneratedRegex(@"^(附件\s*\d+|附表\s*\d+|表[一二三四五六七八九十]+)$")]
    private static partial Regex LabelPattern();

    [GeneratedRegex(@"^[（(][^）)]*(经济分类|科目)[^）)]*[）)]$")]
    private static partial Regex SubtitlePattern();

    [GeneratedRegex(@"^(?:金额)?单位[：:]\s*(万元|元)\s*$")]
    private static partial Regex UnitPattern();

    [GeneratedRegex(@"^\s*\d+[.、．]")]
    private static partial Regex ListItemPattern();

    [GeneratedRegex(@"^\d{4}\s*年.*表$")]
    private static partial Regex YearTitlePattern();
}

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

/// <summary>Row readers per table kind.</summary>
internal static partial class Tables
{
    /// <summary>GF, JJ, GZ, ZC: code, name, [prior year], total, basic, project.</summary>
    public static bool Function(Section section, TableMeta meta, AnnexTables tables, string key)
    {
        var table = new FunctionExpenditureTable { Meta = meta };
        // A prior-year column shows as a second year in the headings (2024年预算数 beside 2025年预算数).
        var years = section.Rows.Where(r => !r.Filled.Any(c => CodePattern().IsMatch(c))).SelectMany(r => r.Filled)
            .Select(c => PriorYearPattern().Match(c)).Where(m => m.Success)
            .Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).Distinct().ToList();
        var hasPrior = years.Count >= 2;
        if (hasPrior)
        {
            table.PriorYear = years.Min();
        }

        foreach (var row in section.Rows)
        {
            if (Coded(row, out var code, out var name, out var amounts) || IsTotal(row, out amounts))
            {
                var target = new FunctionExpenditureRow { Code = code ?? string.Empty, Name = name ?? "合计" };
                var k = 0;
                if (hasPrior)
                {
                    Set(amounts, k++, v => target.PriorYear = v);
                }

                Set(amounts, k++, v => target.Total = v);
                Set(amounts, k++, v => target.Basic = v);
                Set(amounts, k, v => target.Project = v);
                if (code is null)
                {
                    table.TotalRow = target;
                }
                else
                {
                    table.Rows.Add(target);
                }

                row.Placed = true;
            }
            else
            {
                row.Placed = IsHeading(row);
            }
        }

        Finish(section, meta, table.Rows.Count);
        switch (key)
        {
            case "GF": tables.Gf = table; break;
            case "JJ": tables.Jj = table; break;
            case "GZ": tables.Gz = table; break;
            default: tables.Zc = table; break;
        }

        return true;
    }

    /// <summary>JB: code, name, total, personnel, public use.</summary>
    public static bool Basic(Section section, TableMeta meta, AnnexTables tables)
    {
        var table = new BasicExpenditureTable { Meta = meta };
        foreach (var row in section.Rows)
        {
            if (Coded(row, out var code, out var name, out var amounts) || IsTotal(row, out amounts))
            {
                var target = new BasicExpenditureRow { Code = code ?? string.Empty, Name = name ?? "合计" };
                Set(amounts, 0, v => target.Total = v);
                Set(amounts, 1, v => target.Personnel = v);
                Set(amounts, 2, v => target.PublicUse = v);
                if (code is null)
                {
                    table.TotalRow = target;
                }
                else
                {
                    table.Rows.Add(target);
                }

                row.Placed = true;
            }
            else
            {
                row.Placed = IsHeading(row);
            }
        }

        Finish(section, meta, table.Rows.Count);
        tables.Jb = table;
        return true;
    }

    /// <summary>JBG, XMJ, XMG: code, name, amount.</summary>
    public static bool Economic(Section section, TableMeta meta, AnnexTables tables, string key)
    {
        var table = new EconomicAmountTable { Meta = meta };
        foreach (var row in section.Rows)
        {
            if (Coded(row, out var code, out var name, out var amounts) || IsTotal(row, out amounts))
            {
                var target = new EconomicAmountRow { Code = code ?? string.Empty, Name = name ?? "合计" };
                Set(amounts, 0, v => target.Amount = v);
                if (code is null)
                {
                    table.TotalRow = target;
                }
                else
                {
                    table.Rows.Add(target);
                }

                row.Placed = true;
            }
            else
            {
                row.Placed = IsHeading(row);
            }
        }

        Finish(section, meta, table.Rows.Count);
        switch (key)
        {
            case "JBG": tables.Jbg = table; break;
            case "XMJ": tables.Xmj = table; break;
            default: tables.Xmg = table; break;
        }

        return true;
    }

    /// <summary>SG: the first all-amount row after the headings is the budget year (合计, 出国, 车辆小计, 购置, 运行, 接待).</summary>
    public static bool ThreePublic(Section section, TableMeta meta, AnnexTables tables)
    {
        var table = new ThreePublicExpensesTable { Meta = meta };
        foreach (var row in section.Rows)
        {
            var cells = row.Cells.Select(c => c.Trim()).ToList();
            while (cells.Count > 0 && cells[^1].Length == 0)
            {
                cells.RemoveAt(cells.Count - 1);
            }

            if (table.CurrentYear is null && cells.Count >= 5 && cells.All(c => c.Length == 0 || DisclosureImporter.NumberPattern().IsMatch(c.Replace(",", string.Empty, StringComparison.Ordinal))) && cells.Any(c => c.Length > 0))
            {
                var figures = new ThreePublicFigures();
                Set(cells, 0, v => figures.Total = v);
                Set(cells, 1, v => figures.OutboundTravel = v);
                Set(cells, 2, v => figures.VehiclesSubtotal = v);
                Set(cells, 3, v => figures.VehiclePurchase = v);
                Set(cells, 4, v => figures.VehicleOperation = v);
                Set(cells, 5, v => figures.Reception = v);
                table.CurrentYear = figures;
                row.Placed = true;
            }
            else
            {
                row.Placed = IsHeading(row);
            }
        }

        meta.State = TableState.Rows;
        tables.Sg = table;
        return true;
    }

    private static void Finish(Section section, TableMeta meta, int rows)
    {
        meta.State = rows > 0 ? TableState.Rows : TableState.DeclaredEmpty;
        var explanation = section.Remarks.Select(r => r.StartsWith("备注", StringComparison.Ordinal) ? r[2..].TrimStart('：', ':', ' ') : r).FirstOrDefault();
        if (rows == 0 && explanation is not null)
        {
            meta.EmptyExplanation = explanation;
        }
        else
        {
            meta.Notes.AddRange(section.Remarks);
        }
    }

    private static void Set(IReadOnlyList<string> amounts, int index, Action<string> set)
    {
        if (index < amounts.Count && DisclosureImporter.Amount(amounts[index]) is { } value)
        {
            set(value);
        }
    }

    /// <summary>A row whose first filled cell is a classification code; the amounts are the cells after the name.</summary>
    private static bool Coded(Row row, out string? code, out string? name, out List<string> amounts)
    {
        var cells = row.Cells.Select(c => c.Trim()).ToList();
        var first = cells.FindIndex(c => c.Length > 0);
        amounts = [];
        code = null;
        name = null;
        if (first < 0 || !CodePattern().IsMatch(cells[first]))
        {
            return false;
        }

        code = cells[first];
        name = first + 1 < cells.Count ? cells[first + 1] : string.Empty;
        amounts = cells.Skip(first + 2).ToList();
        return true;
    }

    private static bool IsTotal(Row row, out List<string> amounts)
    {
        var cells = row.Cells.Select(c => c.Trim()).ToList();
        var first = cells.FindIndex(c => c.Length > 0);
        amounts = [];
        if (first < 0 || cells[first] is not ("合计" or "总计" or "合  计"))
        {
            return false;
        }

        // "合计" then an empty name cell, then the amounts.
        var rest = cells.Skip(first + 1).ToList();
        if (rest.Count > 0 && rest[0].Length == 0)
        {
            rest.RemoveAt(0);
        }

        amounts = rest;
        return true;
    }

    /// <summary>Column headings: words, no amounts.</summary>
    private static bool IsHeading(Row row) =>
        row.Filled.Any() && row.Filled.All(c => !DisclosureImporter.NumberPattern().IsMatch(c.Replace(",", string.Empty, StringComparison.Ordinal)) || YearPattern().IsMatch(c));

    [GeneratedRegex(@"^\d{3}(\d{2}){0,2}$")]
    private static partial Regex CodePattern();

    [GeneratedRegex(@"^(\d{4})\s*年(预算数|执行数)?$")]
    private static partial Regex PriorYearPattern();

    [GeneratedRegex(@"^\d{4}$")]
    private static partial Regex YearPattern();
}
