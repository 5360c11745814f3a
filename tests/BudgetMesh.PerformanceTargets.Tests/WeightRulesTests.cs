using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.PerformanceTargets.Rules;

namespace BudgetMesh.PerformanceTargets.Tests;

public sealed class WeightRulesTests
{
    [Theory]
    [InlineData(Seeds.Zero)]
    [InlineData(Seeds.One)]
    [InlineData(Seeds.Two)]
    public void Every_printed_weight_set_of_the_seeds_sums_to_100_and_passes(string seed)
    {
        var input = Seeds.Input(seed);

        Assert.Equal(Outcome.Pass, Check.Rule(input, RuleIds.ProjectWeights).Outcome);
        Assert.Empty(Check.Rule(input, RuleIds.ProjectWeights).Findings);
        var overall = Check.Rule(input, RuleIds.OverallWeights);
        Assert.Equal(input.Overall is null ? Outcome.NotApplicable : Outcome.Pass, overall.Outcome);
        Assert.Empty(overall.Findings);
    }

    [Fact]
    public void An_overall_table_whose_weights_sum_to_95_is_an_error()
    {
        // Seed 001's 整体绩效目标表 (flat, weight column): 督查督办实效 15 → 10.
        var request = Seeds.Request(Seeds.One);
        request.Overall.Indicators[0].Weight = "10";

        var result = Check.Rule(Seeds.Input(request), RuleIds.OverallWeights);

        Assert.Equal(Outcome.Fail, result.Outcome);
        var finding = Assert.Single(result.Findings);
        Assert.Equal(Severity.Error, finding.Severity);
        Assert.Equal("整体绩效目标表指标权重合计为 95，应为 100（相差 -5）", finding.Message);
        Assert.Equal(("100", "95", "-5", "0"), (finding.Expected, finding.Actual, finding.Difference, finding.Tolerance));
        Assert.Equal(9, finding.Locations.Count);
        Assert.All(finding.Locations, l => Assert.Equal((TableKey.Zt, "weight"), (l.Table, l.Column)));
    }

    [Fact]
    public void Project_weights_plus_execution_rate_weight_must_be_100()
    {
        var request = Seeds.Request(Seeds.Zero);
        request.Projects[1].ExecutionRateWeight = "20";

        var finding = Assert.Single(Check.Rule(Seeds.Input(request), RuleIds.ProjectWeights).Findings);

        Assert.Equal("110", finding.Actual);
        Assert.Contains(finding.Locations, l => l.Column == "execution_rate_weight");
    }

    [Fact]
    public void Weights_printed_with_decimals_get_the_rounding_envelope()
    {
        var request = Seeds.Request(Seeds.One);
        request.Overall.Indicators[0].Weight = "15.01";

        var result = Check.Rule(Seeds.Input(request), RuleIds.OverallWeights);

        Assert.Equal(Outcome.Pass, result.Outcome);
        Assert.Equal(Severity.Info, Assert.Single(result.Findings).Severity);
    }

    [Fact]
    public void A_blank_weight_among_printed_ones_is_a_review_naming_the_cell()
    {
        var request = Seeds.Request(Seeds.One);
        request.Overall.Indicators[3].ClearWeight();

        var result = Check.Rule(Seeds.Input(request), RuleIds.OverallWeights);

        Assert.Equal(Outcome.Review, result.Outcome);
        var finding = Assert.Single(result.Findings);
        Assert.Equal((3, "weight"), (finding.Locations[0].RowIndex, finding.Locations[0].Column));
    }

    [Fact]
    public void Tables_without_weights_make_the_weight_rules_not_applicable()
    {
        var request = Seeds.Request(Seeds.One);
        foreach (var indicator in request.Overall.Indicators.Concat(request.Projects.SelectMany(p => p.Indicators)))
        {
            indicator.ClearWeight();
        }

        var input = Seeds.Input(request);

        Assert.Equal((Outcome.NotApplicable, "各项目绩效目标表均未印指标权重"),
            (Check.Rule(input, RuleIds.ProjectWeights).Outcome, Check.Rule(input, RuleIds.ProjectWeights).Note));
        Assert.Equal((Outcome.NotApplicable, "整体绩效目标表未印指标权重"),
            (Check.Rule(input, RuleIds.OverallWeights).Outcome, Check.Rule(input, RuleIds.OverallWeights).Note));
    }
}
