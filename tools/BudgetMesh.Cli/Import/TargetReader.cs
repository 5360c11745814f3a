using System.Text.RegularExpressions;
using BudgetMesh.Contracts.Budget.V1;

namespace BudgetMesh.Cli.Import;

/// <summary>
/// ZT and XJ: a key/value block (names, funds, goal) above a heading row and indicator rows. Keys are matched by what
/// they say, wherever the district printed them. A unit comes from the 单位 line, else from a caption such as
/// `资金情况 (万元)`; when neither is printed the meta's unit stays unspecified for <see cref="TargetUnits"/> to infer.
/// </summary>
internal static partial class TargetReader
{
    private static readonly HashSet<string> GoalKeys = ["整体目标", "总体目标", "年度目标", "年度总体目标", "当年整体绩效目标", "整体绩效目标"];

    private static readonly HashSet<string> Captions = ["其中", "绩效指标", "年度绩效指标", "部门整体绩效情况", "资金情况", "其他说明"];

    private static readonly HashSet<string> OverallKeys = ["部门名称", "预算(单位)名称", "单位名称", "部门支出预算数", "预算支出总额", "预算年度"];

    private static readonly Dictionary<string, Action<ProjectTargetTable, string>> ProjectKeys = new()
    {
        ["单位信息"] = (t, v) => t.Unit = v.Trim(),
        ["填报单位"] = (t, v) => t.Unit = v.Trim(),
        ["项目名称"] = (t, v) => (t.ProjectCode, t.ProjectName) = ProjectCodeName(v.Trim()),
        ["项目编码"] = (t, v) => t.ProjectCode = v.Trim(),
        ["职能职责与活动"] = (t, v) => t.Activity = v.Trim(),
        ["主管部门"] = (t, v) => t.Department = v.Trim(),
        ["实施单位"] = (t, v) => t.ImplementingUnit = v.Trim(),
        ["项目经办人"] = (t, v) => t.Manager = v.Trim(),
        ["项目负责人"] = (t, v) => t.Manager = v.Trim(),
        ["项目经办人电话"] = (t, v) => t.ManagerPhone = v.Trim(),
        ["项目负责人电话"] = (t, v) => t.ManagerPhone = v.Trim(),
        ["联系电话"] = (t, v) => t.ManagerPhone = v.Trim(),
        ["项目负责人及联系电话"] = (t, v) => (t.Manager, t.ManagerPhone) = NamePhone(v.Trim()),
        ["项目经办人及联系电话"] = (t, v) => (t.Manager, t.ManagerPhone) = NamePhone(v.Trim()),
        ["预算执行率权重(%)"] = (t, v) => t.ExecutionRateWeight = Amounts.Parse(v) ?? v,
        ["预算执行率权重"] = (t, v) => t.ExecutionRateWeight = Amounts.Parse(v) ?? v,
        ["项目总额"] = (t, v) => t.FundsTotal = Amounts.Parse(v) ?? v,
        ["年度资金总额"] = (t, v) => t.FundsTotal = Amounts.Parse(v) ?? v,
        ["财政资金"] = (t, v) => t.FundsFiscal = Amounts.Parse(v) ?? v,
        ["财政拨款"] = (t, v) => t.FundsFiscal = Amounts.Parse(v) ?? v,
        ["其他资金"] = (t, v) => t.FundsOther = Amounts.Parse(v) ?? v,
    };

    /// <summary>Printed apart instead of 其他资金: added up into funds_other.</summary>
    private static readonly HashSet<string> OtherFundParts = ["财政专户管理资金", "单位资金", "社会投入资金", "银行贷款"];

    public static OverallTargetTable Read(Section section, TableMeta meta, List<string> notes)
    {
        var table = new OverallTargetTable { Meta = meta };
        var (head, heading, body) = Split(section);
        var where = $"{section.Label}{section.Title}";

        // Funds printed as a small grid: number rows under one or two heading rows; each number is named by its headings.
        var numbers = head.Where(r => !r.IsBlank && r.Filled.All(Amounts.IsNumber)).ToList();
        var grid = numbers.SelectMany(n => Above(head, n)).ToHashSet();
        foreach (var row in grid)
        {
            Caption(row, meta);
            row.Placed = true;
        }

        var unnamed = new List<string>();
        foreach (var row in numbers)
        {
            var above = Above(head, row);
            for (var c = 0; c < row.Cells.Count; c++)
            {
                if (row.Cell(c) is not { Length: > 0 } cell)
                {
                    continue;
                }

                var name = string.Join(' ', above.Select(a => Nearest(a, c)).Where(n => n.Length > 0).Distinct());
                if (name.Contains("预算支出总额", StringComparison.Ordinal) || name.Contains("部门支出预算数", StringComparison.Ordinal))
                {
                    table.TotalFunds = Amounts.Parse(cell) ?? cell;
                }
                else
                {
                    unnamed.Add($"{name} {cell}");
                }
            }

            row.Placed = true;
        }

        if (unnamed.Count > 0)
        {
            notes.Add($"{where}：以下资金分项在整体绩效目标表中没有对应字段，未导入：{string.Join("、", unnamed)}");
        }

        var pairs = KeyValueRows.Read([.. head.Except(grid).Except(numbers)], k => OverallKeys.Contains(k) || GoalKeys.Contains(k) || IsCaption(k));
        foreach (var pair in pairs)
        {
            CaptionUnit(pair.Key, meta);
            switch (pair.Key)
            {
                case "部门名称" or "预算(单位)名称" or "单位名称" when pair.Value is { } name:
                    table.DepartmentName = name.Trim();
                    break;
                case "部门支出预算数" or "预算支出总额" when pair.Value is { } total:
                    table.TotalFunds = Amounts.Parse(total) ?? total;
                    break;
                case var goal when GoalKeys.Contains(goal) && pair.Value is { } text:
                    table.GoalText = text;
                    break;
            }
        }

        ReadIndicators(heading, body, where, notes, table.Indicators, meta, section.Layout);
        Finish(section, meta, table.Indicators.Count > 0 || table.GoalText.Length > 0);
        return table;
    }

    public static ProjectTargetTable ReadProject(Section section, TableMeta meta, List<string> notes)
    {
        var table = new ProjectTargetTable { Meta = meta };
        var (head, heading, body) = Split(section);
        var otherParts = new List<string>();
        var pairs = KeyValueRows.Read(head, k => ProjectKeys.ContainsKey(k) || GoalKeys.Contains(k) || OtherFundParts.Contains(k) || IsCaption(k));
        foreach (var pair in pairs)
        {
            CaptionUnit(pair.Key, meta);
            if (pair.Value is not { } value)
            {
                continue;
            }

            if (GoalKeys.Contains(pair.Key))
            {
                table.GoalText = value;
            }
            else if (ProjectKeys.TryGetValue(pair.Key, out var set))
            {
                set(table, value);
            }
            else if (OtherFundParts.Contains(pair.Key))
            {
                otherParts.Add(value);
            }
        }

        if (!table.HasFundsOther && otherParts.Count > 0)
        {
            if (Amounts.Sum(otherParts) is { } sum)
            {
                table.FundsOther = sum;
                notes.Add($"{section.Label}{section.Title}（{table.ProjectName}）：其他资金由分项 {string.Join("、", otherParts.Select(p => p.Trim()))} 合计");
            }
            else
            {
                notes.Add($"{section.Label}{section.Title}（{table.ProjectName}）：其他资金分项 {string.Join("、", otherParts.Select(p => p.Trim()))} 含非数字，未合计");
            }
        }

        ReadIndicators(heading, body, $"{section.Label}{section.Title}", notes, table.Indicators, meta, section.Layout);
        Finish(section, meta, table.Indicators.Count > 0 || table.GoalText.Length > 0);
        return table;
    }

    private static void ReadIndicators(Row? heading, List<Row> body, string where, List<string> notes, ICollection<Indicator> indicators, TableMeta meta, TableLayout? layout)
    {
        if (heading is null)
        {
            return;
        }

        heading.Placed = true;
        var mismatch = $"{where}：表头与指标行的单元格不对应，按含义读取（指标名称、指标性质、指标值、计量单位、权重）";
        foreach (var row in body)
        {
            if (IndicatorRows.ByHeading(heading, row, layout) is { } lined)
            {
                indicators.Add(lined);
            }
            else if (IndicatorRows.IsIndicator(row))
            {
                indicators.Add(IndicatorRows.Read(heading, row, mismatch, notes, layout));
            }
            else if (row.IsBlank)
            {
                row.Placed = true;
            }
            else
            {
                // `其他说明` and captions below the indicators; a printed 其他说明 is kept as a note.
                foreach (var pair in KeyValueRows.Read([row], IsCaption).Where(p => p.Key == "其他说明" && p.Value is not null))
                {
                    meta.Notes.Add($"其他说明：{pair.Value!.Trim()}");
                }
            }
        }
    }

    /// <summary>Rows above the heading row, the heading row, and the rows below it.</summary>
    private static (List<Row> Head, Row? Heading, List<Row> Body) Split(Section section)
    {
        SplitSpaced(section);
        var index = section.Rows.FindIndex(r => IndicatorRows.IsHeading(r, section.Layout));
        return index < 0
            ? (section.Rows, null, [])
            : (section.Rows[..index], section.Rows[index], section.Rows[(index + 1)..]);
    }

    /// <summary>
    /// Indicator rows and their heading printed as one single-spaced run each (a PDF's text): cut into their words, as an
    /// indicator row prints an operator word (≥, ＝, 定性 …) and a heading names the indicator and two more fields.
    /// </summary>
    private static void SplitSpaced(Section section)
    {
        foreach (var row in section.Rows)
        {
            if (row.Filled.ToList() is not [var only] || !only.Contains(' ', StringComparison.Ordinal))
            {
                continue;
            }

            var words = only.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var named = words.Select(w => section.Layout?.FieldOf(KeyValueRows.Normalize(w))).Where(f => f is not null).Distinct().ToList();
            if ((named.Count >= 3 && named.Contains("level3")) || IndicatorRows.IsIndicator(new Row([.. words], [])))
            {
                row.Cells.Clear();
                row.Cells.AddRange(words);
            }
        }
    }

    /// <summary>Up to two heading rows right above a number row.</summary>
    private static List<Row> Above(List<Row> head, Row row)
    {
        var index = head.IndexOf(row);
        return head[Math.Max(0, index - 2)..index].Where(r => !r.IsBlank && !r.Filled.All(Amounts.IsNumber)).ToList();
    }

    /// <summary>The heading over column <paramref name="column"/>: the last filled cell at or left of it (a merged group heading).</summary>
    private static string Nearest(Row heading, int column)
    {
        for (var c = Math.Min(column, heading.Cells.Count - 1); c >= 0; c--)
        {
            if (heading.Cell(c) is { Length: > 0 } cell)
            {
                return cell;
            }
        }

        return string.Empty;
    }

    private static void Caption(Row row, TableMeta meta)
    {
        foreach (var cell in row.Filled)
        {
            CaptionUnit(cell, meta);
        }
    }

    private static void CaptionUnit(string cell, TableMeta meta)
    {
        if (meta.Unit == AmountUnit.Unspecified && TableTitles.CaptionUnit(cell) is not AmountUnit.Unspecified and var unit)
        {
            meta.Unit = unit;
        }
    }

    private static bool IsCaption(string key) =>
        Captions.Contains(key) || (TableTitles.CaptionUnit(key) is not AmountUnit.Unspecified && key.Contains("资金", StringComparison.Ordinal));

    private static void Finish(Section section, TableMeta meta, bool hasContent)
    {
        meta.State = hasContent ? TableState.Rows : TableState.DeclaredEmpty;
        meta.Notes.AddRange(section.Remarks);
    }

    /// <summary>`50010422T000000091478-区政府协调督查专项`: code and name split at the first `-` after a code.</summary>
    private static (string Code, string Name) ProjectCodeName(string cell) =>
        ProjectCodePattern().Match(cell) is { Success: true } m ? (m.Groups[1].Value, m.Groups[2].Value.Trim()) : (string.Empty, cell);

    /// <summary>`幸娅 68832810`: the name, then the phone after the first space.</summary>
    private static (string Name, string Phone) NamePhone(string cell) =>
        NamePhonePattern().Match(cell) is { Success: true } m ? (m.Groups[1].Value, m.Groups[2].Value) : (cell, string.Empty);

    [GeneratedRegex(@"^([0-9A-Za-z]{6,})-(.+)$")]
    private static partial Regex ProjectCodePattern();

    [GeneratedRegex(@"^(\S+)\s+([\d\-]+)$")]
    private static partial Regex NamePhonePattern();
}
