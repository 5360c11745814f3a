using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.Contracts.Text;
using BudgetMesh.PerformanceTargets.Indicators;

namespace BudgetMesh.PerformanceTargets.Rules;

/// <summary>P3: every indicator states a verifiable target.</summary>
internal static class ValueRules
{
    // Grades of an evaluation scale; a 定性 target made only of these, several at once, is the scale, not a target.
    private static readonly HashSet<string> Grades = new(StringComparer.Ordinal)
    {
        "优", "良", "中", "低", "差", "好", "高", "较好", "一般", "较差", "很好", "很差", "优秀", "良好", "及格", "不及格",
        "合格", "不合格", "满意", "基本满意", "不满意", "较高", "较低", "达标", "未达标", "是", "否", "有", "无",
    };

    private static readonly char[] ScaleSeparators = ['/', '、', ',', ';', '|', '\\', '或', '-'];

    // Words ending in 率 that are not a share of 100: a frequency or an efficiency is counted, not a percentage.
    private static readonly string[] NotRates = ["频率", "效率", "功率", "汇率", "速率", "税率"];

    /// <summary>P3-VALUE (W): an operator, a target, a number and unit for quantitative ones, real wording for 定性 ones.</summary>
    public static RuleResult Values(IReadOnlyList<JudgedTable> tables)
    {
        if (tables.All(t => t.Indicators.Count == 0))
        {
            return PerformanceRun.NotApplicable(RuleIds.Value, tables.Count == 0 ? "没有绩效目标表" : "绩效目标表中没有绩效指标");
        }

        var rule = PerformanceRun.Start(RuleIds.Value, Severity.Warning);
        foreach (var table in tables)
        {
            foreach (var row in table.Indicators)
            {
                CheckRow(table, row, rule);
            }
        }

        return rule.Result();
    }

    /// <summary>P3-RATE (W): rates and satisfaction measured in % lie within 0–100; a rate is measured in %.</summary>
    public static RuleResult Rates(IReadOnlyList<JudgedTable> tables)
    {
        var candidates = tables.SelectMany(t => t.Indicators.Where(i => IsRate(i) || IsSatisfaction(i)).Select(i => (Table: t, Row: i))).ToList();
        if (candidates.Count == 0)
        {
            return PerformanceRun.NotApplicable(RuleIds.Rate, "没有比率或满意度类指标");
        }

        var rule = PerformanceRun.Start(RuleIds.Rate, Severity.Warning);
        foreach (var (table, row) in candidates)
        {
            var where = $"{table.Title}第 {row.RowIndex + 1} 行指标{row.Describe()}";
            if (IsRate(row) && row.Unit.Length > 0 && row.Unit != "%")
            {
                rule.Fail($"{where}是比率，度量单位却是“{row.Unit}”，应为 %", table.Cell(row.RowIndex, "unit"), expected: "%", actual: row.Unit);
                continue;
            }

            if (row.Unit == "%" && row.Number is { } value && !IsGrowth(row) && (value > 100m || value < 0m))
            {
                rule.Fail($"{where}的指标值 {DecimalText.Plain(value)}% 超出 0–100% 的范围", table.Cell(row.RowIndex, "target_value"),
                    expected: "0–100", actual: DecimalText.Plain(value), unit: "%");
            }
        }

        return rule.Result();
    }

    private static void CheckRow(JudgedTable table, NormalisedIndicator row, RuleRun rule)
    {
        var where = $"{table.Title}第 {row.RowIndex + 1} 行指标{row.Describe()}";
        if (row.Name.Length == 0)
        {
            rule.Fail($"{table.Title}第 {row.RowIndex + 1} 行的三级指标（指标名称）空白", table.Cell(row.RowIndex, "level3"));
        }

        switch (row.Operator)
        {
            case IndicatorOperator.Missing:
                rule.Fail($"{where}的指标性质空白（应为 ≥ ≤ = ＞ ＜ 或 定性）", table.Cell(row.RowIndex, "operator"));
                return;
            case IndicatorOperator.Unknown when NormalizedText.Canonical(row.Raw.Operator) == "定量":
                rule.Fail($"{where}的指标性质只写了“定量”，没有写明 ≥ ≤ = ＞ ＜ 中的哪一种", table.Cell(row.RowIndex, "operator"),
                    actual: row.Raw.Operator.Trim());
                return;
            case IndicatorOperator.Unknown:
                rule.Fail($"{where}的指标性质“{row.Raw.Operator.Trim()}”无法识别（应为 ≥ ≤ = ＞ ＜ 或 定性）", table.Cell(row.RowIndex, "operator"),
                    actual: row.Raw.Operator.Trim());
                return;
        }

        if (row.Value.Length == 0)
        {
            rule.Fail($"{where}的指标值空白", table.Cell(row.RowIndex, "target_value"));
            return;
        }

        if (row.Operator.IsQuantitative())
        {
            if (row.Number is null)
            {
                rule.Fail($"{where}为定量指标，指标值“{row.Value}”却不是数值", table.Cell(row.RowIndex, "target_value"), actual: row.Value);
            }
            else if (row.Unit.Length == 0)
            {
                rule.Fail($"{where}为定量指标，缺少度量单位", table.Cell(row.RowIndex, "unit"));
            }

            return;
        }

        if (row.Value is "定性" or "定性指标")
        {
            rule.Fail($"{where}的指标值只写了“定性”，没有可核验的目标", table.Cell(row.RowIndex, "target_value"), actual: row.Value);
        }
        else if (IsScale(row.Value))
        {
            rule.Fail($"{where}的指标值“{row.Value}”是评价等级，不是可核验的目标（应写明要达到的等级或状态，如“优”“完成”）",
                table.Cell(row.RowIndex, "target_value"), actual: row.Value);
        }
        else if (row.Number is { } number)
        {
            rule.Fail($"{where}的指标性质为定性，指标值却是数值 {DecimalText.Plain(number)}{row.Unit}，应使用定量的指标性质（≥ ≤ = ＞ ＜）",
                table.Cell(row.RowIndex, "operator"), actual: row.Raw.TargetValue.Trim());
        }
    }

    /// <summary>"好/中/差", "优、良、中、差", "优良中低差": several grades offered at once.</summary>
    internal static bool IsScale(string value)
    {
        var parts = value.Split(ScaleSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length >= 2)
        {
            return parts.All(Grades.Contains);
        }

        // Without separators: three or more single-character grades run together.
        return value.Length >= 3 && value.All(c => c is '优' or '良' or '中' or '低' or '差' or '好' or '高' or '较');
    }

    internal static bool IsRate(NormalisedIndicator row)
    {
        var name = NormalizedText.Canonical(row.Name).TrimEnd('。', '.', ';', '；', ')', '）');
        if (name.EndsWith("指标", StringComparison.Ordinal))
        {
            name = name[..^2];
        }

        return name.EndsWith('率') && !NotRates.Any(n => name.EndsWith(n, StringComparison.Ordinal));
    }

    private static bool IsSatisfaction(NormalisedIndicator row) =>
        row.Unit == "%" && (row.Level1 == Level1.Satisfaction || row.Name.Contains("满意", StringComparison.Ordinal));

    // A growth or change rate may rightly exceed 100 % or fall below 0.
    private static bool IsGrowth(NormalisedIndicator row) =>
        row.Name.Contains("增长", StringComparison.Ordinal) || row.Name.Contains("增幅", StringComparison.Ordinal)
        || row.Name.Contains("变化", StringComparison.Ordinal) || row.Name.Contains("增速", StringComparison.Ordinal);
}
