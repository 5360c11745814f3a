using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.Contracts.Text;
using BudgetMesh.PerformanceTargets.Indicators;
using BudgetMesh.PerformanceTargets.Narrative;

namespace BudgetMesh.PerformanceTargets.Rules;

/// <summary>
/// P1: every project's money comes with a 项目绩效目标表. The covered amount of a table is its 财政拨款 (fiscal)
/// funds when printed, else its 年度资金总额, because both the GF project total and the narrative's "涉及一般公共
/// 预算当年财政拨款" count fiscal money only.
/// </summary>
internal static class CoverageRules
{
    /// <summary>P1-COVERAGE (W): every XM project has a table; without XM, the tables cover the project total.</summary>
    public static RuleResult Coverage(TargetsInput input)
    {
        if (!input.PublishesProjectTables && input.Projects.Count == 0 && input.ProjectList is null)
        {
            return PerformanceRun.NotApplicable(RuleIds.Coverage, $"{input.Profile!.Name}的公开格式不以附表公开项目绩效目标表，覆盖情况按情况说明所述核对（P1-NARRATIVE）");
        }

        var rule = PerformanceRun.Start(RuleIds.Coverage, Severity.Warning);
        if (input.ProjectList is { } list)
        {
            var matches = Match(list, input.Projects);
            foreach (var row in list.Rows.Where(r => !matches.ContainsKey(r)))
            {
                rule.Fail($"项目支出明细表中的项目{row.Display}（{row.Amount ?? "金额空白"} {Money.Name(list.Unit)}）没有项目绩效目标表",
                    Locations.Cell(TableKey.Xm, row.Code, row.RowIndex, "project_code", project: row.Code));
            }

            var matched = matches.Values.ToHashSet(ReferenceEqualityComparer.Instance);
            foreach (var project in input.Projects.Where(p => !matched.Contains(p)))
            {
                rule.Fail($"项目绩效目标表{project.Display}在项目支出明细表中找不到对应项目",
                    Locations.Cell(TableKey.Xj, string.Empty, -1, project.Code.Length > 0 ? "project_code" : "project_name", project: project.Key));
            }

            return rule.Result();
        }

        if (string.IsNullOrWhiteSpace(input.ProjectExpenditureTotal))
        {
            return PerformanceRun.NotApplicable(RuleIds.Coverage, "未提供项目支出明细表，也未提供项目支出合计，无法核对绩效目标覆盖情况");
        }

        var totalCell = Locations.Cell(TableKey.Gf, string.Empty, -1, "project", label: "合计行");
        if (!Money.TryReadWan(input.ProjectExpenditureTotal, input.PackageUnit, out var total))
        {
            rule.Review($"项目支出合计“{input.ProjectExpenditureTotal}”不是数值，无法核对绩效目标覆盖情况", totalCell);
            return rule.Result();
        }

        if (!TryCoveredSum(input.Projects, rule, out var covered))
        {
            return rule.Result();
        }

        var tolerance = (input.Projects.Count + 1) * 0.005m;
        var shortfall = total - covered;
        var locations = new List<Location> { totalCell };
        locations.AddRange(input.Projects.Select(p => Locations.Cell(TableKey.Xj, string.Empty, -1, FundsColumn(p), project: p.Key)));
        if (shortfall > tolerance)
        {
            var message = input.Projects.Count == 0
                ? $"没有项目绩效目标表，项目支出 {DecimalText.Format(total)} 万元均未设置绩效目标"
                : $"项目绩效目标表覆盖 {DecimalText.Format(covered)} 万元，项目支出合计 {DecimalText.Format(total)} 万元，未覆盖 {DecimalText.Format(shortfall)} 万元";
            rule.Fail(message, locations, DecimalText.Format(total), DecimalText.Format(covered), DecimalText.Format(covered - total), DecimalText.Format(tolerance), "万元");
        }
        else if (shortfall > 0m)
        {
            rule.Info($"项目绩效目标表覆盖 {DecimalText.Format(covered)} 万元，项目支出合计 {DecimalText.Format(total)} 万元，相差 {DecimalText.Format(shortfall)} 万元，可能为取整误差",
                locations, DecimalText.Format(total), DecimalText.Format(covered), DecimalText.Format(covered - total), DecimalText.Format(tolerance), "万元");
        }

        return rule.Result();
    }

    /// <summary>P1-FUNDS (W): each table's 年度资金总额 equals its project's XM amount.</summary>
    public static RuleResult Funds(TargetsInput input)
    {
        if (input.ProjectList is not { } list)
        {
            return PerformanceRun.NotApplicable(RuleIds.Funds, "未提供项目支出明细表，无法逐项核对项目资金");
        }

        var matches = Match(list, input.Projects);
        if (matches.Count == 0)
        {
            return PerformanceRun.NotApplicable(RuleIds.Funds, "项目绩效目标表与项目支出明细表没有可对应的项目");
        }

        var rule = PerformanceRun.Start(RuleIds.Funds, Severity.Warning);
        foreach (var (row, project) in matches)
        {
            var xjCell = Locations.Cell(TableKey.Xj, string.Empty, -1, "funds_total", project: project.Key);
            var xmCell = Locations.Cell(TableKey.Xm, row.Code, row.RowIndex, "amount", project: row.Code);
            if (!Money.TryReadWan(row.Amount, list.Unit, out var listed))
            {
                rule.Review($"项目支出明细表中项目{row.Display}的金额“{row.Amount ?? "空白"}”无法读取", xmCell);
                continue;
            }

            if (!Money.TryReadWan(project.FundsTotal, project.Unit, out var funds))
            {
                rule.Review($"项目{project.Display}的年度资金总额“{project.FundsTotal ?? "空白"}”无法读取", xjCell);
                continue;
            }

            // Same unit: both print the same figure, so it must be equal; across units, within the rounding of 万元.
            var tolerance = project.Unit == list.Unit ? 0m : 0.005m;
            if (Math.Abs(funds - listed) > tolerance)
            {
                rule.Fail($"项目{project.Display}绩效目标表的年度资金总额 {DecimalText.Format(funds)} 万元，与项目支出明细表的 {DecimalText.Format(listed)} 万元不一致，相差 {DecimalText.Format(funds - listed)} 万元",
                    [xjCell, xmCell], DecimalText.Format(listed), DecimalText.Format(funds), DecimalText.Format(funds - listed), DecimalText.Format(tolerance), "万元");
            }
        }

        return rule.Result();
    }

    /// <summary>P1-NARRATIVE (W): the narrative's "涉及…万元" equals what the tables cover.</summary>
    public static RuleResult NarrativeAmount(TargetsInput input)
    {
        if (string.IsNullOrWhiteSpace(input.NarrativeText))
        {
            return PerformanceRun.NotApplicable(RuleIds.NarrativeAmount, "未提供情况说明");
        }

        var statement = PerformanceSection.Find(input.NarrativeText);
        if (!statement.SectionFound)
        {
            return PerformanceRun.NotApplicable(RuleIds.NarrativeAmount, "情况说明中没有绩效目标设置情况一节（缺节由情况说明完整性规则报告）");
        }

        var rule = PerformanceRun.Start(RuleIds.NarrativeAmount, Severity.Warning);
        var sentence = Locations.Text(statement.SentenceStart, statement.SentenceLength);
        if (statement.Amount is not { } amount || statement.Unit is not { } unit)
        {
            rule.Review(statement.AmountText.Length == 0
                ? "情况说明的绩效目标设置情况一节没有写明涉及的金额"
                : $"情况说明的绩效目标金额“{statement.AmountText}”无法读取", sentence);
            return rule.Result();
        }

        var stated = Money.ToWan(amount, unit);
        if (!input.PublishesProjectTables && input.Projects.Count == 0)
        {
            StatedWithinProjectTotal(input, rule, sentence, stated, statement);
            return rule.Result();
        }

        if (statement.ProjectCount is { } count && count != input.Projects.Count)
        {
            // 渝北 2024: "编报绩效目标的项目17个" against 5 tables, one of them a 重点项目 table printed empty.
            var empty = input.DeclaredEmptyProjects > 0 ? $"（另有 {input.DeclaredEmptyProjects} 张印为空表，不计入）" : string.Empty;
            rule.Fail($"情况说明称编报绩效目标的项目 {count} 个，公开的项目绩效目标表为 {input.Projects.Count} 张{empty}",
                [sentence, .. input.Projects.Select(p => Locations.Cell(TableKey.Xj, string.Empty, -1, "project_name", project: p.Key))],
                count.ToString(System.Globalization.CultureInfo.InvariantCulture), input.Projects.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), unit: "个");
        }

        if (!TryCoveredSum(input.Projects, rule, out var covered))
        {
            return rule.Result();
        }

        var difference = stated - covered;
        if (Math.Abs(difference) > 0.005m)
        {
            var locations = new List<Location> { sentence };
            locations.AddRange(input.Projects.Select(p => Locations.Cell(TableKey.Xj, string.Empty, -1, FundsColumn(p), project: p.Key)));
            var tables = input.Projects.Count == 0 ? "没有项目绩效目标表（覆盖 0.00 万元）" : $"项目绩效目标表合计 {DecimalText.Format(covered)} 万元";
            var claim = unit == MoneyUnit.Yuan ? $"{statement.AmountText}（{DecimalText.Format(stated)} 万元）" : $"{DecimalText.Format(stated)} 万元";
            rule.Fail($"情况说明称绩效目标涉及 {claim}，{tables}，相差 {DecimalText.Format(difference)} 万元",
                locations, DecimalText.Format(covered), DecimalText.Format(stated), DecimalText.Format(difference), "0.005", "万元");
        }

        return rule.Result();
    }

    /// <summary>
    /// Where the region publishes no 项目绩效目标表 (Shanghai), the stated amount is all there is: it cannot exceed the
    /// project expenditure it covers (GF's project total). Less is possible (not every project reports targets).
    /// </summary>
    private static void StatedWithinProjectTotal(TargetsInput input, RuleRun rule, Location sentence, decimal stated, PerformanceStatement statement)
    {
        var totalCell = Locations.Cell(TableKey.Gf, string.Empty, -1, "project", label: "合计行");
        if (string.IsNullOrWhiteSpace(input.ProjectExpenditureTotal))
        {
            rule.Note($"{input.Profile!.Name}的公开格式不以附表公开项目绩效目标表，且未提供项目支出合计，无法核对情况说明所述金额");
            return;
        }

        if (!Money.TryReadWan(input.ProjectExpenditureTotal, input.PackageUnit, out var total))
        {
            rule.Review($"项目支出合计“{input.ProjectExpenditureTotal}”不是数值，无法核对情况说明所述绩效目标金额", totalCell);
            return;
        }

        // Stated in 万元 to at most two places: half a unit of its last printed digit.
        var tolerance = 0.005m;
        if (stated - total > tolerance)
        {
            rule.Fail($"情况说明称绩效目标涉及项目预算资金 {statement.AmountText}（{DecimalText.Format(stated)} 万元），超过项目支出合计 {DecimalText.Format(total)} 万元",
                [sentence, totalCell], $"≤ {DecimalText.Format(total)}", DecimalText.Format(stated), DecimalText.Format(stated - total), DecimalText.Format(tolerance), "万元");
        }
    }

    private static string FundsColumn(ProjectTargets project) =>
        string.IsNullOrWhiteSpace(project.FundsFiscal) ? "funds_total" : "funds_fiscal";

    private static bool TryCoveredSum(IReadOnlyList<ProjectTargets> projects, RuleRun rule, out decimal covered)
    {
        covered = 0m;
        var readable = true;
        foreach (var project in projects)
        {
            var column = FundsColumn(project);
            var printed = column == "funds_fiscal" ? project.FundsFiscal : project.FundsTotal;
            if (Money.TryReadWan(printed, project.Unit, out var funds))
            {
                covered += funds;
            }
            else
            {
                readable = false;
                rule.Review($"项目{project.Display}的资金“{printed ?? "空白"}”无法读取，不能计算绩效目标覆盖金额",
                    Locations.Cell(TableKey.Xj, string.Empty, -1, column, project: project.Key));
            }
        }

        return readable;
    }

    /// <summary>XM rows to their tables: by project code where both print one, else by name.</summary>
    private static Dictionary<ProjectListRow, ProjectTargets> Match(ProjectList list, IReadOnlyList<ProjectTargets> projects)
    {
        var result = new Dictionary<ProjectListRow, ProjectTargets>(ReferenceEqualityComparer.Instance);
        var free = projects.ToList();
        foreach (var row in list.Rows)
        {
            var code = NormalizedText.Canonical(row.Code);
            var match = code.Length > 0 ? free.FirstOrDefault(p => NormalizedText.Canonical(p.Code) == code) : null;
            match ??= free.FirstOrDefault(p => SameName(p.Name, row.Name) && (p.Code.Length == 0 || code.Length == 0));
            if (match is not null)
            {
                result[row] = match;
                free.RemoveAt(free.FindIndex(p => ReferenceEquals(p, match)));
            }
        }

        return result;
    }

    private static bool SameName(string a, string b)
    {
        static string Key(string s) => new([.. NormalizedText.Canonical(s).Where(c => c is not ('“' or '”' or '"' or '\'' or '‘' or '’'))]);
        var left = Key(a);
        return left.Length > 0 && left == Key(b);
    }
}
