using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.PerformanceTargets.Indicators;

namespace BudgetMesh.PerformanceTargets.Rules;

/// <summary>P2: the indicator tree (一级 产出/效益/满意度/成本, each with its own 二级).</summary>
internal static class TreeRules
{
    /// <summary>P2-LEVELS (E): every printed 一级 and 二级 is a name of the tree, and each 二级 sits under its own 一级.</summary>
    public static RuleResult Levels(IReadOnlyList<JudgedTable> tables)
    {
        var leveled = tables.Where(t => t.HasLevels).ToList();
        if (leveled.Count == 0)
        {
            return PerformanceRun.NotApplicable(RuleIds.Levels, tables.Count == 0
                ? "没有绩效目标表"
                : "各绩效目标表均为单层指标（未印一级、二级指标），无法检查指标层级");
        }

        var rule = PerformanceRun.Start(RuleIds.Levels, Severity.Error);
        foreach (var flat in tables.Where(t => !t.HasLevels))
        {
            rule.Note($"{flat.Title}为单层指标，未检查层级");
        }

        foreach (var table in leveled)
        {
            foreach (var row in table.Indicators)
            {
                CheckRow(table, row, rule);
            }
        }

        return rule.Result();
    }

    /// <summary>P2-CATEGORIES (W): each project has at least one 产出, one 效益 and one 满意度 indicator.</summary>
    public static RuleResult Categories(IReadOnlyList<JudgedTable> tables)
    {
        var projects = tables.Where(t => t.Table == TableKey.Xj).ToList();
        if (projects.Count == 0)
        {
            return PerformanceRun.NotApplicable(RuleIds.Categories, "没有项目绩效目标表");
        }

        var leveled = projects.Where(t => t.Indicators.Any(i => i.Level1State == LevelState.Known)).ToList();
        if (leveled.Count == 0)
        {
            return PerformanceRun.NotApplicable(RuleIds.Categories, "各项目绩效目标表均未印一级指标，无法判断是否包含产出、效益、满意度指标");
        }

        var rule = PerformanceRun.Start(RuleIds.Categories, Severity.Warning);
        foreach (var flat in projects.Except(leveled))
        {
            rule.Note($"{flat.Title}未印一级指标，未检查指标类别");
        }

        foreach (var table in leveled)
        {
            var present = table.Indicators.Where(i => i.Level1 is not null).Select(i => i.Level1!.Value).ToHashSet();
            var missing = new[] { Level1.Output, Level1.Benefit, Level1.Satisfaction }.Where(l => !present.Contains(l)).ToList();
            if (missing.Count > 0)
            {
                var names = string.Join("、", missing.Select(l => IndicatorLevels.Name(l) + "指标"));
                rule.Fail($"{table.Title}缺少{names}（每个项目应至少有一项产出、效益和满意度指标）", table.Whole("level1"),
                    expected: "产出、效益、满意度", actual: string.Join("、", present.Order().Select(IndicatorLevels.Name)));
            }
        }

        return rule.Result();
    }

    private static void CheckRow(JudgedTable table, NormalisedIndicator row, RuleRun rule)
    {
        var where = $"{table.Title}第 {row.RowIndex + 1} 行指标“{row.Name}”";
        switch (row.Level1State)
        {
            case LevelState.Unknown when row.Level1PrintedHere:
                rule.Fail($"{where}的一级指标“{row.Level1Text}”不是产出、效益、满意度、成本指标之一", table.Cell(row.RowIndex, "level1"),
                    expected: "产出、效益、满意度、成本", actual: row.Level1Text);
                return;
            case LevelState.Unknown:
                // The unknown 一级 was reported on the row that printed it.
                return;
            case LevelState.Missing:
                rule.Fail($"{where}的一级指标空白，上方也没有可延续的一级指标", table.Cell(row.RowIndex, "level1"));
                return;
        }

        switch (row.Level2State)
        {
            case LevelState.Unknown when row.Level2PrintedHere:
                rule.Fail($"{where}的二级指标“{row.Level2Text}”{Allowed(row.Level1)}", table.Cell(row.RowIndex, "level2"),
                    expected: Expected(row.Level1), actual: row.Level2Text);
                break;
            case LevelState.Missing:
                rule.Fail($"{where}的二级指标空白", table.Cell(row.RowIndex, "level2"), expected: Expected(row.Level1));
                break;
            case LevelState.Known when row.Level2PrintedHere && row.Level1 is { } level1 && row.Level2Parent != level1:
                rule.Fail($"{where}的二级指标“{row.Level2Text}”属于{IndicatorLevels.Name(row.Level2Parent!.Value)}指标，不能放在一级指标“{row.Level1Text}”之下",
                    table.Cell(row.RowIndex, "level2"), expected: Expected(level1), actual: row.Level2Text);
                break;
        }
    }

    private static string Expected(Level1? level) => level is { } l ? string.Join("、", IndicatorLevels.Children(l)) : string.Empty;

    private static string Allowed(Level1? level) => level is { } l
        ? $"不是{IndicatorLevels.Name(l)}指标下的二级指标（{Expected(l)}）"
        : "不是已知的二级指标";
}
