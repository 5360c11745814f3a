using BudgetMesh.PerformanceTargets.Indicators;

namespace BudgetMesh.PerformanceTargets.Tests;

public sealed class NormalisationTests
{
    [Theory]
    [InlineData("≥", nameof(IndicatorOperator.GreaterOrEqual))]
    [InlineData("≧", nameof(IndicatorOperator.GreaterOrEqual))]
    [InlineData(">=", nameof(IndicatorOperator.GreaterOrEqual))]
    [InlineData("＞＝", nameof(IndicatorOperator.GreaterOrEqual))]
    [InlineData("大于等于", nameof(IndicatorOperator.GreaterOrEqual))]
    [InlineData("＞", nameof(IndicatorOperator.Greater))]
    [InlineData(">", nameof(IndicatorOperator.Greater))]
    [InlineData("＝", nameof(IndicatorOperator.Equal))]
    [InlineData(" = ", nameof(IndicatorOperator.Equal))]
    [InlineData("≤", nameof(IndicatorOperator.LessOrEqual))]
    [InlineData("≦", nameof(IndicatorOperator.LessOrEqual))]
    [InlineData("小于等于", nameof(IndicatorOperator.LessOrEqual))]
    [InlineData("＜", nameof(IndicatorOperator.Less))]
    [InlineData("定性", nameof(IndicatorOperator.Qualitative))]
    [InlineData("定 性", nameof(IndicatorOperator.Qualitative))]
    [InlineData("", nameof(IndicatorOperator.Missing))]
    [InlineData("约", nameof(IndicatorOperator.Unknown))]
    public void Operators_are_read_in_every_printed_spelling(string printed, string expected) =>
        Assert.Equal(Enum.Parse<IndicatorOperator>(expected), IndicatorOperators.Parse(printed));

    [Fact]
    public void An_operator_printed_inside_the_value_of_a_quantitative_column_is_peeled_off()
    {
        var row = IndicatorNormaliser.Normalise([new RawIndicator("产出指标", "质量指标", "合格率", "定量", "≥95%", "", null)]).Single();

        Assert.Equal(IndicatorOperator.GreaterOrEqual, row.Operator);
        Assert.Equal(95m, row.Number);
        Assert.Equal("%", row.Unit);
    }

    [Theory]
    [InlineData("效益指标/社会效益", "", nameof(Level1.Benefit), "社会效益")]
    [InlineData("效益指标", "社会效益指标", nameof(Level1.Benefit), "社会效益")]
    [InlineData("社会效益指标", "", nameof(Level1.Benefit), "社会效益")]
    [InlineData("产出", "数量", nameof(Level1.Output), "数量")]
    [InlineData("产出指标", "数量指标", nameof(Level1.Output), "数量")]
    [InlineData("效益指标", "可持续发展指标", nameof(Level1.Benefit), "可持续影响")]
    [InlineData("满意度指标", "服务对象满意度指标", nameof(Level1.Satisfaction), "服务对象满意度")]
    [InlineData("成本指标", "经济成本指标", nameof(Level1.Cost), "经济成本")]
    [InlineData(" 产出指标 ", "成本指标", nameof(Level1.Output), "成本")]
    public void Level_names_written_several_ways_resolve_to_one_tree(string level1, string level2, string expected1, string expected2)
    {
        var row = IndicatorNormaliser.Normalise([new RawIndicator(level1, level2, "指标", "=", "1", "个", null)]).Single();

        Assert.Equal(LevelState.Known, row.Level1State);
        Assert.Equal(Enum.Parse<Level1>(expected1), row.Level1);
        Assert.Equal(LevelState.Known, row.Level2State);
        Assert.Equal(expected2, row.Level2);
    }

    [Fact]
    public void Blank_level_cells_continue_the_merged_group_above()
    {
        // Seed 001 表十一 prints 产出指标/数量指标 once for three rows, then 质量指标 alone.
        var rows = Seeds.Input(Seeds.One).Projects[0].Indicators;
        var normalised = IndicatorNormaliser.Normalise(rows);

        Assert.All(normalised.Take(6), r => Assert.Equal(Level1.Output, r.Level1));
        Assert.Equal(["数量", "数量", "数量", "质量", "质量", "时效"], normalised.Take(6).Select(r => r.Level2));
        Assert.Equal(Level1.Benefit, normalised[7].Level1);
        Assert.Equal("社会效益", normalised[7].Level2);
        Assert.False(normalised[7].Level1PrintedHere);
    }

    [Fact]
    public void A_new_level1_group_does_not_inherit_the_level2_of_the_group_above()
    {
        var normalised = IndicatorNormaliser.Normalise(
        [
            new RawIndicator("产出指标", "数量指标", "a", "=", "1", "个", null),
            new RawIndicator("效果指标", "", "b", "≥", "100", "%", null),
        ]);

        Assert.Equal(LevelState.Unknown, normalised[1].Level1State);
        Assert.Equal(LevelState.Missing, normalised[1].Level2State);
    }

    [Fact]
    public void A_flat_table_prints_no_levels_and_keeps_its_weights()
    {
        // Seed 001's 整体绩效目标表: one indicator level and a weight column.
        var flat = IndicatorNormaliser.Normalise(Seeds.Input(Seeds.One).Overall!.Indicators);

        Assert.All(flat, r => Assert.Equal(LevelState.NotPrinted, r.Level1State));
        Assert.All(flat, r => Assert.Equal(LevelState.NotPrinted, r.Level2State));
        Assert.Equal(100m, flat.Sum(r => decimal.Parse(r.Raw.Weight!, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData("72.06", "万", "72.06", "万")]
    [InlineData("95%", "", "95", "%")]
    [InlineData("100次", "", "100", "次")]
    [InlineData("1,409.57", "万元", "1409.57", "万元")]
    [InlineData("１００", "％", "100", "%")]
    public void Numeric_values_are_read_with_their_unit(string value, string unit, string number, string expectedUnit)
    {
        var row = IndicatorNormaliser.Normalise([new RawIndicator("产出指标", "数量指标", "x", "=", value, unit, null)]).Single();

        Assert.Equal(decimal.Parse(number, System.Globalization.CultureInfo.InvariantCulture), row.Number);
        Assert.Equal(expectedUnit, row.Unit);
    }

    [Theory]
    [InlineData("优")]
    [InlineData("高")]
    [InlineData("完成")]
    [InlineData("长期")]
    [InlineData("2025年12月")]
    public void Qualitative_values_stay_text(string value)
    {
        var row = IndicatorNormaliser.Normalise([new RawIndicator("效益指标", "社会效益指标", "x", "定性", value, "", null)]).Single();

        Assert.Null(row.Number);
        Assert.Equal(value, row.Value);
    }

    [Theory]
    [InlineData("2,686.02", "2686.02")]
    [InlineData(" 500000 ", "500000")]
    [InlineData("０.５", "0.5")]
    [InlineData("-3.5", "-3.5")]
    public void Printed_numbers_parse_exactly(string printed, string expected)
    {
        Assert.True(DecimalText.TryParse(printed, out var value));
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("XX")]
    [InlineData(".")]
    [InlineData("—")]
    public void Cells_that_are_not_numbers_are_never_read_as_zero(string printed) =>
        Assert.False(DecimalText.TryParse(printed, out _));

    [Fact]
    public void Amounts_in_yuan_convert_to_ten_thousand_yuan_exactly()
    {
        Assert.True(Money.TryReadWan("14095700", MoneyUnit.Yuan, out var wan));
        Assert.Equal(1409.57m, wan);
        Assert.Equal(10000m, Money.YuanPerUnit("万", bareWanIsMoney: true));
        Assert.Null(Money.YuanPerUnit("万", bareWanIsMoney: false));
        Assert.Null(Money.YuanPerUnit("元/人", bareWanIsMoney: true));
    }
}
