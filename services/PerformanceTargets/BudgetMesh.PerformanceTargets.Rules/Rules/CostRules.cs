using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.PerformanceTargets.Indicators;

namespace BudgetMesh.PerformanceTargets.Rules;

/// <summary>P5: a cost target cannot exceed the money the project (or the department) has.</summary>
internal static class CostRules
{
    private static readonly string[] CostWords = ["成本", "资金", "预算", "经费", "费用", "投入", "金额", "支出", "费"];

    /// <summary>P5-COST (W): cost indicators in 元/万元 ≤ the table's funds, compared after unit conversion.</summary>
    public static RuleResult Cost(IReadOnlyList<JudgedTable> tables, TargetsInput input)
    {
        var rule = PerformanceRun.Start(RuleIds.Cost, Severity.Warning);
        var any = false;
        foreach (var table in tables)
        {
            var candidates = table.Indicators
                .Select(i => (Row: i, YuanPerUnit: MoneyUnitOf(i)))
                .Where(c => c.YuanPerUnit is not null && c.Row.Operator != IndicatorOperator.Qualitative)
                .ToList();
            if (candidates.Count == 0)
            {
                continue;
            }

            any = true;
            var (printedFunds, unit, column) = Funds(table, input);
            if (!Money.TryReadWan(printedFunds, unit, out var fundsWan))
            {
                rule.Review($"{table.Title}的资金“{printedFunds ?? "空白"}”无法读取，不能核对成本指标", table.Whole(column));
                continue;
            }

            foreach (var (row, yuanPerUnit) in candidates)
            {
                if (row.Number is not { } value)
                {
                    rule.Review($"{table.Title}第 {row.RowIndex + 1} 行成本指标“{row.Name}”的指标值“{row.Value}”无法读取", table.Cell(row.RowIndex, "target_value"));
                    continue;
                }

                // Compared in 元, allowing half a cent of the indicator's printed unit (it prints 2 decimals at most).
                var costYuan = value * yuanPerUnit!.Value;
                var fundsYuan = fundsWan * 10000m;
                if (costYuan - fundsYuan > 0.005m * yuanPerUnit.Value)
                {
                    var costWan = costYuan / 10000m;
                    rule.Fail($"{table.Title}第 {row.RowIndex + 1} 行成本指标{row.Describe()}折合 {DecimalText.Format(costWan)} 万元，超过{FundsName(table)} {DecimalText.Format(fundsWan)} 万元（超出 {DecimalText.Format(costWan - fundsWan)} 万元）",
                        [table.Cell(row.RowIndex, "target_value"), table.Whole(column)],
                        "≤" + DecimalText.Format(fundsWan), DecimalText.Format(costWan), DecimalText.Format(costWan - fundsWan), DecimalText.Format(0.005m * yuanPerUnit.Value / 10000m), "万元");
                }
            }
        }

        return any ? rule.Result() : PerformanceRun.NotApplicable(RuleIds.Cost, "没有以元或万元计量的成本指标");
    }

    /// <summary>
    /// 元 per unit when the row is a cost indicator measured in money: a 成本 level, or a money unit on a name that
    /// speaks of cost, funds or budget. "万" alone counts as 万元 there; "元/人" is a price and not comparable.
    /// </summary>
    internal static decimal? MoneyUnitOf(NormalisedIndicator row)
    {
        var costLevel = row.Level1 == Level1.Cost || row.Level2 == "成本" || row.Level2Parent == Level1.Cost;
        var costName = CostWords.Any(w => row.Name.Contains(w, StringComparison.Ordinal));
        return costLevel || costName ? Money.YuanPerUnit(row.Unit, bareWanIsMoney: true) : null;
    }

    private static (string? Printed, MoneyUnit Unit, string Column) Funds(JudgedTable table, TargetsInput input) =>
        table.ProjectTable is { } project
            ? (project.FundsTotal, project.Unit, "funds_total")
            : (input.Overall!.TotalFunds, input.Overall.Unit, "total_funds");

    private static string FundsName(JudgedTable table) => table.Table == TableKey.Xj ? "项目年度资金总额" : "部门支出预算数";
}
