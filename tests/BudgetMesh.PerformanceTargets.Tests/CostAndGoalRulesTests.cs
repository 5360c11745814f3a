using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.PerformanceTargets.Rules;

namespace BudgetMesh.PerformanceTargets.Tests;

public sealed class CostAndGoalRulesTests
{
    [Fact]
    public void A_cost_indicator_larger_than_the_project_funds_is_found_after_unit_conversion()
    {
        // Seed 000: the 130000 元 (13 万) project prints a 成本指标 of 15 万元.
        var result = Check.Rule(Seeds.Input(Seeds.Zero), RuleIds.Cost);

        Assert.Equal(Outcome.Fail, result.Outcome);
        var finding = Assert.Single(result.Findings);
        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Equal("项目““民呼我为”和政务服务三级服务体系建设经费”第 3 行成本指标““民呼我为”和政务服务三级服务体系建设经费”（＝ 15 万元）折合 15.00 万元，超过项目年度资金总额 13.00 万元（超出 2.00 万元）", finding.Message);
        Assert.Equal(("≤13.00", "15.00", "2.00", "万元"), (finding.Expected, finding.Actual, finding.Difference, finding.Unit));
        Assert.Equal([(2, "target_value"), (-1, "funds_total")], finding.Locations.Select(l => (l.RowIndex, l.Column)));
    }

    [Fact]
    public void A_cost_indicator_in_bare_wan_is_read_as_ten_thousand_yuan()
    {
        var request = Seeds.Request(Seeds.Zero);
        request.Projects[1].Indicators[2].TargetValue = "12.5";
        request.Projects[1].Indicators[2].Unit = "万";
        Assert.Equal(Outcome.Pass, Check.Rule(Seeds.Input(request), RuleIds.Cost).Outcome);

        request.Projects[1].Indicators[2].TargetValue = "72.06";

        Assert.Contains("72.06 万元", Assert.Single(Check.Rule(Seeds.Input(request), RuleIds.Cost).Findings).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cost_indicator_equal_to_funds_printed_in_another_unit_passes()
    {
        // Seed 002: "中心运行费 = 1409.57 万元" against 14095700 元 of funds.
        Assert.Equal(Outcome.Pass, Check.Rule(Seeds.Input(Seeds.Two), RuleIds.Cost).Outcome);
    }

    [Fact]
    public void A_price_per_person_is_not_compared_with_the_project_funds()
    {
        var request = Seeds.Request(Seeds.One);
        request.Projects[2].Indicators[1].TargetValue = "450000";

        Assert.Equal(Outcome.Pass, Check.Rule(Seeds.Input(request), RuleIds.Cost).Outcome);
    }

    [Fact]
    public void Unreadable_project_funds_make_the_cost_check_a_review()
    {
        var request = Seeds.Request(Seeds.Zero);
        request.Projects[1].FundsTotal = "十三万";

        var result = Check.Rule(Seeds.Input(request), RuleIds.Cost);

        Assert.Equal(Outcome.Review, result.Outcome);
        Assert.Equal("funds_total", Assert.Single(result.Findings).Locations[0].Column);
    }

    [Fact]
    public void Without_cost_indicators_in_money_the_cost_check_is_not_applicable()
    {
        var request = Seeds.Request(Seeds.One);
        request.Projects.RemoveAt(2);

        var result = Check.Rule(Seeds.Input(request), RuleIds.Cost);

        Assert.Equal(Outcome.NotApplicable, result.Outcome);
        Assert.Equal("没有以元或万元计量的成本指标", result.Note);
    }

    [Theory]
    [InlineData("")]
    [InlineData("<p></p>")]
    [InlineData("\"  \"")]
    public void A_project_without_goal_text_is_found(string goal)
    {
        var request = Seeds.Request(Seeds.One);
        request.Projects[1].GoalText = goal;

        var result = Check.Rule(Seeds.Input(request), RuleIds.Goal);

        Assert.Equal(Outcome.Fail, result.Outcome);
        var finding = Assert.Single(result.Findings);
        Assert.Equal((TableKey.Xj, "50010423T000003183049", "goal_text"), (finding.Locations[0].Table, finding.Locations[0].Project, finding.Locations[0].Column));
    }

    [Fact]
    public void An_overall_table_without_goal_text_is_found()
    {
        var request = Seeds.Request(Seeds.Two);
        request.Overall.GoalText = "<p> </p>";

        var finding = Assert.Single(Check.Rule(Seeds.Input(request), RuleIds.Goal).Findings);

        Assert.Equal(TableKey.Zt, finding.Locations[0].Table);
    }

    [Fact]
    public void Goals_are_not_applicable_without_any_target_table()
    {
        var request = new Contracts.Performance.V1.CheckTargetsRequest { BudgetYear = 2025, PackageUnit = AmountUnit.TenThousandYuan };

        Assert.Equal(Outcome.NotApplicable, Check.Rule(Seeds.Input(request), RuleIds.Goal).Outcome);
    }
}
