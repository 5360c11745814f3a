using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.PerformanceTargets.Rules;

namespace BudgetMesh.PerformanceTargets.Tests;

public sealed class TreeRulesTests
{
    [Fact]
    public void An_unknown_level2_is_an_error_on_the_row_that_prints_it()
    {
        var request = Seeds.Request(Seeds.Zero);
        request.Projects[0].Indicators[2].Level2 = "安全指标";

        var result = Check.Rule(Seeds.Input(request), RuleIds.Levels);

        Assert.Equal(Outcome.Fail, result.Outcome);
        var finding = Assert.Single(result.Findings);
        Assert.Equal(Severity.Error, finding.Severity);
        Assert.Equal((TableKey.Xj, "区政府重要会议活动经费", 2, "level2"),
            (finding.Locations[0].Table, finding.Locations[0].Project, finding.Locations[0].RowIndex, finding.Locations[0].Column));
        Assert.Contains("安全指标", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_level2_under_the_wrong_level1_is_an_error()
    {
        var request = Seeds.Request(Seeds.Zero);
        request.Projects[0].Indicators[0].Level2 = "经济效益";

        var finding = Assert.Single(Check.Rule(Seeds.Input(request), RuleIds.Levels).Findings);

        Assert.Contains("属于效益指标", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_level1_is_reported_once_for_its_group()
    {
        var request = Seeds.Request(Seeds.Zero);
        request.Projects[0].Indicators[0].Level1 = "效果指标";
        request.Projects[0].Indicators[1].Level1 = "";

        var finding = Assert.Single(Check.Rule(Seeds.Input(request), RuleIds.Levels).Findings);

        Assert.Equal((0, "level1"), (finding.Locations[0].RowIndex, finding.Locations[0].Column));
    }

    [Fact]
    public void Flat_tables_make_the_level_check_not_applicable()
    {
        var request = Seeds.Request(Seeds.One);
        request.Projects.Clear();

        var result = Check.Rule(Seeds.Input(request), RuleIds.Levels);

        Assert.Equal(Outcome.NotApplicable, result.Outcome);
        Assert.Contains("单层指标", result.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void A_project_with_no_satisfaction_indicator_is_found()
    {
        var request = Seeds.Request(Seeds.Zero);
        request.Projects[0].Indicators.RemoveAt(6);

        var result = Check.Rule(Seeds.Input(request), RuleIds.Categories);

        Assert.Equal(Outcome.Fail, result.Outcome);
        var finding = Assert.Single(result.Findings);
        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Equal("项目“区政府重要会议活动经费”缺少满意度指标（每个项目应至少有一项产出、效益和满意度指标）", finding.Message);
    }

    [Fact]
    public void Categories_are_not_applicable_without_project_tables()
    {
        var request = Seeds.Request(Seeds.Two);
        request.Projects.Clear();

        Assert.Equal(Outcome.NotApplicable, Check.Rule(Seeds.Input(request), RuleIds.Categories).Outcome);
    }
}
