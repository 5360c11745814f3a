using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.PerformanceTargets.Indicators;

namespace BudgetMesh.PerformanceTargets.Rules;

/// <summary>P4: printed weights add up to 100.</summary>
internal static class WeightRules
{
    /// <summary>P4-PROJECT-WEIGHTS (E): indicator weights + 预算执行率权重 = 100 in every XJ that prints weights.</summary>
    public static RuleResult ProjectWeights(IReadOnlyList<JudgedTable> tables)
    {
        var projects = tables.Where(t => t.Table == TableKey.Xj).ToList();
        if (projects.Count == 0)
        {
            return PerformanceRun.NotApplicable(RuleIds.ProjectWeights, "没有项目绩效目标表");
        }

        var weighted = projects.Where(PrintsWeights).ToList();
        if (weighted.Count == 0)
        {
            return PerformanceRun.NotApplicable(RuleIds.ProjectWeights, "各项目绩效目标表均未印指标权重");
        }

        var rule = PerformanceRun.Start(RuleIds.ProjectWeights, Severity.Error);
        foreach (var table in projects.Except(weighted))
        {
            rule.Note($"{table.Title}未印指标权重，未检查");
        }

        foreach (var table in weighted)
        {
            var execution = table.ProjectTable!.ExecutionRateWeight;
            var extra = string.IsNullOrWhiteSpace(execution)
                ? null
                : new Figure(execution, table.Whole("execution_rate_weight"), "预算执行率权重");
            CheckSum(table, extra, rule, extra is null ? "指标权重合计（未印预算执行率权重）" : "指标权重与预算执行率权重合计");
        }

        return rule.Result();
    }

    /// <summary>P4-OVERALL-WEIGHTS (E): the ZT indicator weights = 100.</summary>
    public static RuleResult OverallWeights(IReadOnlyList<JudgedTable> tables)
    {
        var overall = tables.FirstOrDefault(t => t.Table == TableKey.Zt);
        if (overall is null)
        {
            return PerformanceRun.NotApplicable(RuleIds.OverallWeights, "未提供整体绩效目标表");
        }

        if (!PrintsWeights(overall))
        {
            return PerformanceRun.NotApplicable(RuleIds.OverallWeights, "整体绩效目标表未印指标权重");
        }

        var rule = PerformanceRun.Start(RuleIds.OverallWeights, Severity.Error);
        CheckSum(overall, null, rule, "指标权重合计");
        return rule.Result();
    }

    private sealed record Figure(string Printed, Location Cell, string What);

    private static bool PrintsWeights(JudgedTable table) => table.Indicators.Any(i => !string.IsNullOrWhiteSpace(i.Raw.Weight));

    private static void CheckSum(JudgedTable table, Figure? extra, RuleRun rule, string what)
    {
        var figures = table.Indicators
            .Select(i => new Figure(i.Raw.Weight ?? string.Empty, table.Cell(i.RowIndex, "weight"), $"第 {i.RowIndex + 1} 行指标“{i.Name}”的权重"))
            .ToList();
        if (extra is not null)
        {
            figures.Add(extra);
        }

        var sum = 0m;
        var readable = true;
        foreach (var figure in figures)
        {
            if (DecimalText.TryParse(figure.Printed, out var weight))
            {
                sum += weight;
            }
            else
            {
                readable = false;
                rule.Review(string.IsNullOrWhiteSpace(figure.Printed)
                    ? $"{table.Title}{figure.What}空白，而其他指标印有权重，无法核对权重合计"
                    : $"{table.Title}{figure.What}“{figure.Printed}”不是数值，无法核对权重合计", figure.Cell);
            }
        }

        if (!readable || sum == 100m)
        {
            return;
        }

        // Integer weights must add up exactly; only weights printed with decimals carry a rounding envelope.
        var decimals = figures.Max(f => DecimalText.Decimals(f.Printed));
        var tolerance = decimals == 0 ? 0m : (figures.Count + 1) * 0.5m * Pow10(-decimals);
        var difference = sum - 100m;
        var locations = figures.Select(f => f.Cell).ToList();
        if (Math.Abs(difference) <= tolerance)
        {
            rule.Info($"{table.Title}{what}为 {DecimalText.Plain(sum)}，与 100 相差 {DecimalText.Plain(difference)}，可能为取整误差",
                locations, "100", DecimalText.Plain(sum), DecimalText.Plain(difference), DecimalText.Plain(tolerance), "%");
            return;
        }

        rule.Fail($"{table.Title}{what}为 {DecimalText.Plain(sum)}，应为 100（相差 {DecimalText.Plain(difference)}）",
            locations, "100", DecimalText.Plain(sum), DecimalText.Plain(difference), DecimalText.Plain(tolerance), "%");
    }

    private static decimal Pow10(int exponent)
    {
        var result = 1m;
        for (var i = 0; i < -exponent; i++)
        {
            result /= 10m;
        }

        return result;
    }
}
