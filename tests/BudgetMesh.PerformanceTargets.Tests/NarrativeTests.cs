using BudgetMesh.PerformanceTargets.Indicators;
using BudgetMesh.PerformanceTargets.Narrative;

namespace BudgetMesh.PerformanceTargets.Tests;

public sealed class NarrativeTests
{
    [Theory]
    [InlineData(Seeds.Zero, "590", "涉及一般公共预算当年财政拨款590万元")]
    [InlineData(Seeds.One, "883.38", "涉及一般公共预算当年财")]
    [InlineData(Seeds.Two, "1600", "涉及一般公共预算当年财政拨款 1600 万元")]
    public void The_section_is_found_in_every_seed_narrative(string seed, string amount, string sentencePart)
    {
        var text = Seeds.Package(seed).Narrative.Text;

        var statement = PerformanceSection.Find(text);

        Assert.True(statement.SectionFound);
        Assert.Equal(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), statement.Amount);
        Assert.Equal(MoneyUnit.TenThousandYuan, statement.Unit);
        var sentence = text.Substring(statement.SentenceStart, statement.SentenceLength);
        Assert.Contains(sentencePart, sentence, StringComparison.Ordinal);
        Assert.EndsWith("。", sentence, StringComparison.Ordinal);
        Assert.DoesNotContain("绩效目标设置情况", sentence, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sentence_split_by_a_page_break_is_read_whole()
    {
        // Seed 001 prints "…当年财\n\n政拨款 883.38 万元。": the span covers both halves.
        var text = Seeds.Package(Seeds.One).Narrative.Text;

        var statement = PerformanceSection.Find(text);

        var sentence = text.Substring(statement.SentenceStart, statement.SentenceLength);
        Assert.Contains("\n\n政拨款 883.38 万元。", sentence, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("三、绩效目标情况\n本部门共 12 个项目实行绩效目标管理，涉及项目资金 1,234.50 万元。\n四、其他", "1234.50", nameof(MoneyUnit.TenThousandYuan))]
    [InlineData("（三）绩效目标设置情况。涉及一般公共预算当年财政拨款 8833800.00 元。", "8833800.00", nameof(MoneyUnit.Yuan))]
    [InlineData("5.绩效目标编制情况：项目支出全部编制绩效目标，资金 72.06 万元。", "72.06", nameof(MoneyUnit.TenThousandYuan))]
    public void Variants_of_the_sentence_are_read(string text, string amount, string unit)
    {
        var statement = PerformanceSection.Find(text);

        Assert.Equal(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), statement.Amount);
        Assert.Equal(Enum.Parse<MoneyUnit>(unit), statement.Unit);
    }

    [Fact]
    public void The_section_is_read_on_the_narratives_one_normalised_text_and_spans_the_printed_sentence()
    {
        // Full-width digits, a full-width separator and "；" as districts print them (渝北 2024's wording): read as
        // the Reconciler reads them (NormalizedText), the span still in the printed text.
        const string printed = "（三）绩效目标设置情况\n2025年本部门编报绩效目标的项目１７个，涉及一般公共预算当年财政拨款１６，５５３，４００.００元；纳入重点绩效评价的项目0个，金额0元。";

        var statement = PerformanceSection.Find(printed);

        Assert.Equal((16_553_400m, MoneyUnit.Yuan, 17), (statement.Amount, statement.Unit, statement.ProjectCount));
        Assert.EndsWith("2025年本部门编报绩效目标的项目１７个，涉及一般公共预算当年财政拨款１６，５５３，４００.００元；", printed.Substring(statement.SentenceStart, statement.SentenceLength), StringComparison.Ordinal);
    }

    [Fact]
    public void An_amount_after_the_next_heading_is_not_taken_for_the_section()
    {
        var statement = PerformanceSection.Find("3.绩效目标设置情况。项目支出均实行了绩效目标管理。\n4.国有资产占有使用情况。车辆购置 30 万元。");

        Assert.True(statement.SectionFound);
        Assert.Null(statement.Amount);
    }

    [Fact]
    public void A_table_of_contents_naming_the_section_does_not_hide_the_section_itself()
    {
        var statement = PerformanceSection.Find("目录\n三、绩效目标设置情况\n四、国有资产\n正文\n（三）绩效目标设置情况。涉及一般公共预算当年财政拨款 72.06 万元。");

        Assert.Equal(72.06m, statement.Amount);
    }

    [Fact]
    public void A_narrative_without_the_section_says_so()
    {
        Assert.False(PerformanceSection.Find("一、部门职责\n负责…。\n二、收支预算总体情况\n收入 100 万元。").SectionFound);
        Assert.False(PerformanceSection.Find(null).SectionFound);
    }
}
