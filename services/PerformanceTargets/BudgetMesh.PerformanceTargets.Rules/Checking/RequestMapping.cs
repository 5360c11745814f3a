using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Performance.V1;
using BudgetMesh.PerformanceTargets.Indicators;

namespace BudgetMesh.PerformanceTargets.Checking;

/// <summary>The request, checked for what no real package violates, then mapped onto the rules' own input.</summary>
internal static class RequestMapping
{
    // Far above any real package (seeds print 1–3 project tables of ≤ 9 indicators); guards memory, not content.
    public const int MaxProjects = 2000;
    public const int MaxIndicatorsPerTable = 500;
    public const int MaxProjectRows = 10000;

    public static IReadOnlyList<(string Field, string Description)> Validate(CheckTargetsRequest request)
    {
        var violations = new List<(string, string)>();
        if (request.PackageUnit is not (AmountUnit.Yuan or AmountUnit.TenThousandYuan))
        {
            violations.Add(("package_unit", "必须为 AMOUNT_UNIT_YUAN 或 AMOUNT_UNIT_TEN_THOUSAND_YUAN：它是项目支出合计及未标单位表格的金额单位"));
        }

        if (request.BudgetYear is < 2000 or > 2100)
        {
            violations.Add(("budget_year", $"预算年度 {request.BudgetYear} 不在 2000–2100 之间"));
        }

        if (request.Projects.Count > MaxProjects)
        {
            violations.Add(("projects", $"项目绩效目标表 {request.Projects.Count} 张，超过上限 {MaxProjects}"));
        }

        for (var i = 0; i < request.Projects.Count && i < MaxProjects; i++)
        {
            if (request.Projects[i].Indicators.Count > MaxIndicatorsPerTable)
            {
                violations.Add(($"projects[{i}].indicators", $"指标 {request.Projects[i].Indicators.Count} 行，超过上限 {MaxIndicatorsPerTable}"));
            }
        }

        if (request.Overall is { } overall && overall.Indicators.Count > MaxIndicatorsPerTable)
        {
            violations.Add(("overall.indicators", $"指标 {overall.Indicators.Count} 行，超过上限 {MaxIndicatorsPerTable}"));
        }

        if (request.ProjectList is { } list && list.Rows.Count > MaxProjectRows)
        {
            violations.Add(("project_list.rows", $"项目 {list.Rows.Count} 行，超过上限 {MaxProjectRows}"));
        }

        return violations;
    }

    /// <summary>Call after <see cref="Validate"/> found nothing.</summary>
    public static TargetsInput ToInput(CheckTargetsRequest request)
    {
        var packageUnit = Unit(request.PackageUnit, MoneyUnit.TenThousandYuan);
        return new TargetsInput(
            packageUnit,
            request.Overall is { } zt
                ? new OverallTargets(zt.DepartmentName, Unit(zt.Meta?.Unit, packageUnit), zt.HasTotalFunds ? zt.TotalFunds : null, zt.GoalText, Indicators(zt.Indicators))
                : null,
            [.. request.Projects.Where(xj => xj.Meta?.State != TableState.DeclaredEmpty).Select(xj => new ProjectTargets(
                xj.ProjectCode.Trim(),
                xj.ProjectName.Trim(),
                Unit(xj.Meta?.Unit, packageUnit),
                xj.HasExecutionRateWeight ? xj.ExecutionRateWeight : null,
                xj.HasFundsTotal ? xj.FundsTotal : null,
                xj.HasFundsFiscal ? xj.FundsFiscal : null,
                xj.GoalText,
                Indicators(xj.Indicators)))],
            request.ProjectList is { } xm
                ? new ProjectList(Unit(xm.Meta?.Unit, packageUnit),
                    [.. xm.Rows.Select((r, i) => new ProjectListRow(i, r.ProjectCode.Trim(), r.ProjectName.Trim(), r.HasAmount ? r.Amount : null))])
                : null,
            string.IsNullOrWhiteSpace(request.ProjectExpenditureTotal) ? null : request.ProjectExpenditureTotal,
            request.Narrative?.Text,
            request.Projects.Count(xj => xj.Meta?.State == TableState.DeclaredEmpty),
            Profiles.TargetsProfiles.For(request.DistrictCode));
    }

    private static MoneyUnit Unit(AmountUnit? unit, MoneyUnit fallback) => unit switch
    {
        AmountUnit.Yuan => MoneyUnit.Yuan,
        AmountUnit.TenThousandYuan => MoneyUnit.TenThousandYuan,
        _ => fallback,
    };

    private static IReadOnlyList<RawIndicator> Indicators(IEnumerable<Indicator> indicators) =>
        [.. indicators.Select(i => new RawIndicator(i.Level1, i.Level2, i.Level3, i.Operator, i.TargetValue, i.Unit, i.HasWeight ? i.Weight : null))];
}
