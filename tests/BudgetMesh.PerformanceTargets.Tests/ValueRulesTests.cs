using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.PerformanceTargets.Rules;

namespace BudgetMesh.PerformanceTargets.Tests;

public sealed class ValueRulesTests
{
    // Seed 000's second project ends with "群众…满意度 定性 优 10": a real 定性 target. Changing that one cell.
    private static RuleResult QualitativeTarget(string value)
    {
        var request = Seeds.Request(Seeds.Zero);
        request.Projects[1].Indicators[7].TargetValue = value;
        return Check.Rule(Seeds.Input(request), RuleIds.Value);
    }

    [Theory]
    [InlineData("好/中/差")]
    [InlineData("优良中低差")]
    [InlineData("优、良、中、差")]
    public void A_qualitative_target_that_is_a_scale_is_found(string scale)
    {
        var result = QualitativeTarget(scale);

        Assert.Equal(Outcome.Fail, result.Outcome);
        var finding = Assert.Single(result.Findings);
        Assert.Contains($"“{scale}”是评价等级", finding.Message, StringComparison.Ordinal);
        Assert.Equal((TableKey.Xj, "“民呼我为”和政务服务三级服务体系建设经费", 7, "target_value"),
            (finding.Locations[0].Table, finding.Locations[0].Project, finding.Locations[0].RowIndex, finding.Locations[0].Column));
    }

    [Fact]
    public void A_qualitative_target_that_is_only_the_word_qualitative_is_found() =>
        Assert.Contains("只写了“定性”", Assert.Single(QualitativeTarget("定性").Findings).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("优")]
    [InlineData("高")]
    [InlineData("完成")]
    [InlineData("长期")]
    public void Verifiable_qualitative_targets_pass(string value) =>
        Assert.Equal(Outcome.Pass, QualitativeTarget(value).Outcome);

    [Fact]
    public void A_qualitative_operator_with_a_number_as_target_is_found()
    {
        var result = QualitativeTarget("100");

        Assert.Equal("operator", Assert.Single(result.Findings).Locations[0].Column);
    }

    [Fact]
    public void A_missing_operator_is_found()
    {
        var request = Seeds.Request(Seeds.Zero);
        request.Projects[0].Indicators[0].Operator = "";

        var finding = Assert.Single(Check.Rule(Seeds.Input(request), RuleIds.Value).Findings);

        Assert.Equal((0, "operator"), (finding.Locations[0].RowIndex, finding.Locations[0].Column));
    }

    [Fact]
    public void An_operator_that_only_says_quantitative_is_found_unless_the_value_carries_the_comparison()
    {
        var request = Seeds.Request(Seeds.Zero);
        request.Projects[0].Indicators[1].Operator = "定量";
        Assert.Contains("只写了“定量”", Assert.Single(Check.Rule(Seeds.Input(request), RuleIds.Value).Findings).Message, StringComparison.Ordinal);

        request.Projects[0].Indicators[1].TargetValue = "≥100";

        Assert.Equal(Outcome.Pass, Check.Rule(Seeds.Input(request), RuleIds.Value).Outcome);
    }

    [Fact]
    public void A_quantitative_target_that_is_not_a_number_is_found()
    {
        var request = Seeds.Request(Seeds.Zero);
        request.Projects[0].Indicators[0].TargetValue = "较多";

        var finding = Assert.Single(Check.Rule(Seeds.Input(request), RuleIds.Value).Findings);

        Assert.Contains("“较多”却不是数值", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_quantitative_target_without_a_unit_is_found()
    {
        var request = Seeds.Request(Seeds.Zero);
        request.Projects[0].Indicators[0].Unit = "";

        var finding = Assert.Single(Check.Rule(Seeds.Input(request), RuleIds.Value).Findings);

        Assert.Equal("unit", finding.Locations[0].Column);
    }

    [Fact]
    public void A_rate_above_100_percent_is_found()
    {
        var request = Seeds.Request(Seeds.Zero);
        request.Projects[0].Indicators[1].TargetValue = "120";

        var result = Check.Rule(Seeds.Input(request), RuleIds.Rate);

        var finding = Assert.Single(result.Findings, f => f.Locations[0].RowIndex == 1);
        Assert.Equal("项目“区政府重要会议活动经费”第 2 行指标“任务完成及时率”（＝ 120 %）的指标值 120% 超出 0–100% 的范围", finding.Message);
        Assert.Equal(("0–100", "120"), (finding.Expected, finding.Actual));
    }

    [Fact]
    public void A_satisfaction_below_zero_percent_is_found()
    {
        var request = Seeds.Request(Seeds.Zero);
        request.Projects[0].Indicators[6].TargetValue = "-5";

        var result = Check.Rule(Seeds.Input(request), RuleIds.Rate);

        Assert.Contains(result.Findings, f => f.Locations[0].RowIndex == 6 && f.Message.Contains("-5%", StringComparison.Ordinal));
    }

    [Fact]
    public void A_rate_measured_in_times_is_found_but_a_frequency_is_not()
    {
        var request = Seeds.Request(Seeds.One);
        request.Projects[2].Indicators[6].Unit = "次";

        var result = Check.Rule(Seeds.Input(request), RuleIds.Rate);

        // 表十二's "网站更新频率 ≥ 100 次" is a frequency, rightly in 次; only the changed 办结率 is a rate in 次.
        var finding = Assert.Single(result.Findings);
        Assert.Contains("区领导交办事项办结率", finding.Message, StringComparison.Ordinal);
        Assert.Equal(("%", "次"), (finding.Expected, finding.Actual));
    }

    [Fact]
    public void A_growth_rate_may_exceed_100_percent()
    {
        var request = Seeds.Request(Seeds.One);
        request.Projects[2].Indicators[7].TargetValue = "150";

        Assert.Equal(Outcome.Pass, Check.Rule(Seeds.Input(request), RuleIds.Rate).Outcome);
    }
}
