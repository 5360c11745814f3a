using BudgetMesh.ThreePublicExpenses.Narrative;
using BudgetMesh.ThreePublicExpenses.Rules;

namespace BudgetMesh.ThreePublicExpenses.Tests;

/// <summary>The 三公 section reader and the 国有资产 vehicle sentence, on the seeds' own text and on variants.</summary>
public sealed class NarrativeReaderTests
{
    private const string Heading = "四、“三公”经费情况说明\n\n";
    private const string Next = "\n\n五、其他重要事项的情况说明\n\n1.机关运行经费。略。";

    [Theory]
    [InlineData(Seeds.Jiulongpo2025, "18", "-12", "0", "0", "0", "0", "18", "-12", "0", "0")]
    [InlineData(Seeds.Dadukou2025, "29.7", "2.9", "0", "0", "2.2", "-0.6", "27.5", "3.5", "0", "0")]
    [InlineData(Seeds.Zhengwuban2023, "5.5", "0", "0", "0", "1", "0", "4.5", "0", "0", "0")]
    public void Each_seed_paragraph_gives_the_total_and_every_item_with_its_change(
        string seed, string total, string totalChange, string outbound, string outboundChange, string reception, string receptionChange,
        string operation, string operationChange, string purchase, string purchaseChange)
    {
        var reading = ThreePublicSectionReader.Read(Seeds.Narrative(seed), AmountUnit.TenThousandYuan);

        AssertItem(reading, ThreePublicItem.Total, total, totalChange);
        AssertItem(reading, ThreePublicItem.OutboundTravel, outbound, outboundChange);
        AssertItem(reading, ThreePublicItem.Reception, reception, receptionChange);
        AssertItem(reading, ThreePublicItem.VehicleOperation, operation, operationChange);
        AssertItem(reading, ThreePublicItem.VehiclePurchase, purchase, purchaseChange);
        Assert.Null(reading.Find(ThreePublicItem.VehiclesSubtotal));
    }

    [Fact]
    public void The_seed_reasons_are_found_where_they_are_printed_and_nowhere_else()
    {
        var reading = ThreePublicSectionReader.Read(Seeds.Narrative(Seeds.Dadukou2025), AmountUnit.TenThousandYuan);

        Assert.StartsWith("认真贯彻落实中央八项规定精神", reading.Find(ThreePublicItem.Reception)!.Reason);
        Assert.Equal("机构改革后单位和用车人员增加", reading.Find(ThreePublicItem.VehicleOperation)!.Reason);
        Assert.Null(reading.Find(ThreePublicItem.Total)!.Reason);
        Assert.Null(reading.Find(ThreePublicItem.OutboundTravel)!.Reason);
    }

    [Fact]
    public void A_sentence_broken_by_a_page_break_is_read_whole_and_its_span_points_at_the_original_text()
    {
        // Seed 002 prints "公务用车购置费 0 万元，比\n\n2022 年增加 0 万元。" across a page break.
        var narrative = Seeds.Narrative(Seeds.Zhengwuban2023);
        var purchase = ThreePublicSectionReader.Read(narrative, AmountUnit.TenThousandYuan).Find(ThreePublicItem.VehiclePurchase)!;

        Assert.Equal(ChangeDirection.Increase, purchase.Change!.Direction);
        Assert.Equal("公务用车购置费 0 万元，比\n\n2022 年增加 0 万元", purchase.Sentence);
        Assert.Equal(purchase.Sentence, narrative.Substring(purchase.Span.Start, purchase.Span.Length));
    }

    [Theory]
    [InlineData(Seeds.Jiulongpo2025, 6)]
    [InlineData(Seeds.Dadukou2025, 6)]
    [InlineData(Seeds.Zhengwuban2023, 1)]
    public void Each_seed_vehicle_sentence_gives_the_vehicles_held_and_none_to_buy(string seed, int held)
    {
        var narrative = Seeds.Narrative(seed);
        var vehicles = VehicleSentenceReader.Read(narrative);

        Assert.Equal(held, vehicles.Held!.Count);
        Assert.Equal(0, vehicles.ToBuy!.Count);
        Assert.Contains("国有资产", narrative.Substring(vehicles.Section!.Value.Start, vehicles.Section.Value.Length), StringComparison.Ordinal);
        Assert.Contains("购置车辆", vehicles.ToBuy.Sentence, StringComparison.Ordinal);
    }

    [Fact]
    public void Amounts_in_yuan_with_thousands_separators_are_read_in_yuan()
    {
        var reading = Read("2025年“三公”经费预算297,000.00元，比2024年增加29，000元。其中：因公出国（境）费0元，与上年持平；公务接待费22,000.00元，比2024年减少6,000元，主要原因是压减接待；公务用车运行维护费275,000元，比2024年增加35,000元，主要原因是用车人员增加；公务用车购置费0元，与上年持平。");

        AssertItem(reading, ThreePublicItem.Total, "297000", "29000", AmountUnit.Yuan);
        AssertItem(reading, ThreePublicItem.Reception, "22000", "-6000", AmountUnit.Yuan);
        AssertItem(reading, ThreePublicItem.VehicleOperation, "275000", "35000", AmountUnit.Yuan);
    }

    [Fact]
    public void A_missing_item_is_not_found_and_the_others_still_are()
    {
        var reading = Read("2025年“三公”经费预算29.7万元，比2024年增加2.9万元。其中：因公出国（境）费0万元，与上年持平；公务用车运行维护费27.5万元，比2024年增加3.5万元，主要原因是用车人员增加；公务用车购置费0万元，与上年持平。");

        Assert.Null(reading.Find(ThreePublicItem.Reception));
        AssertItem(reading, ThreePublicItem.VehicleOperation, "27.5", "3.5");
        AssertItem(reading, ThreePublicItem.VehiclePurchase, "0", "0");
    }

    [Fact]
    public void Reordered_items_are_each_read_with_their_own_figures()
    {
        var reading = Read("公务用车购置费0万元，与上年持平；公务接待费2.2万元，比2024年减少0.6万元，主要原因是厉行节约；因公出国（境）费0万元，与上年持平；公务用车运行维护费27.5万元，比2024年增加3.5万元，主要原因是用车人员增加。合计，2025年“三公”经费预算29.7万元，比2024年增加2.9万元。");

        AssertItem(reading, ThreePublicItem.VehiclePurchase, "0", "0");
        AssertItem(reading, ThreePublicItem.Reception, "2.2", "-0.6");
        AssertItem(reading, ThreePublicItem.OutboundTravel, "0", "0");
        AssertItem(reading, ThreePublicItem.VehicleOperation, "27.5", "3.5");
        AssertItem(reading, ThreePublicItem.Total, "29.7", "2.9");
    }

    [Fact]
    public void Line_breaks_and_spaces_inside_numbers_and_full_width_digits_are_tolerated()
    {
        var reading = Read("2025年“三公”经费预算2\n9.7万元，比2024年增加 2 . 9 万元。其中：因公出国（境）费０万元，与上年持平；公务接待费２．２万元，比2024年减少0.\n6万元，主要原因是\n厉行节约；公务用车运行维护费27.\r\n5万元，比2024年增加3.5万元，主要原因是用车人员增加；公务用车购置费0万元，与上年持平。");

        AssertItem(reading, ThreePublicItem.Total, "29.7", "2.9");
        AssertItem(reading, ThreePublicItem.Reception, "2.2", "-0.6");
        AssertItem(reading, ThreePublicItem.VehicleOperation, "27.5", "3.5");
        Assert.Equal("厉行节约", reading.Find(ThreePublicItem.Reception)!.Reason);
    }

    [Fact]
    public void Stray_characters_around_the_figures_do_not_stop_the_reader()
    {
        var reading = Read("2025年“三公”经费预算：29.7万元，,比2024年增加了2.9万元。。其中：因公出国（境）费用 0 万元 0，与上年持平；；公务接待费为 *2.2万元】，比2024年减少 0.6万元 0，主要原因是厉行节约；公务用车运行维护费27.5万元，比2024年增加3.5万元，主要原因是用车人员增加；公务用车购置费0万，与上年持平。");

        AssertItem(reading, ThreePublicItem.Total, "29.7", "2.9");
        AssertItem(reading, ThreePublicItem.OutboundTravel, "0", "0");
        AssertItem(reading, ThreePublicItem.Reception, "2.2", "-0.6");
        AssertItem(reading, ThreePublicItem.VehiclePurchase, "0", "0");
    }

    [Theory]
    [InlineData("与上年持平", "Flat")]
    [InlineData("与上年保持一致", "Flat")]
    [InlineData("与2024年持平", "Flat")]
    [InlineData("比上年增长0.6万元", "Increase")]
    [InlineData("较2024年预算数下降0.6万元", "Decrease")]
    [InlineData("比上年减少0.6万元", "Decrease")]
    public void Every_direction_wording_is_understood(string wording, string expected)
    {
        var direction = Enum.Parse<ChangeDirection>(expected);
        var reading = Read($"2025年“三公”经费预算2.2万元，{wording}，主要原因是厉行节约。其中：公务接待费2.2万元，{wording}，主要原因是厉行节约。");

        Assert.Equal(direction, reading.Find(ThreePublicItem.Reception)!.Change!.Direction);
        Assert.Equal(direction, reading.Find(ThreePublicItem.Total)!.Change!.Direction);
    }

    [Fact]
    public void A_reason_given_as_what_the_money_is_for_counts_and_an_empty_one_does_not()
    {
        var reading = Read("公务接待费2.2万元，比上年增加0.6万元，主要用于接待上级检查；公务用车运行维护费27.5万元，比上年增加3.5万元，主要原因是。公务用车购置费1万元，比上年增加1万元。");

        Assert.Equal("接待上级检查", reading.Find(ThreePublicItem.Reception)!.Reason);
        Assert.Null(reading.Find(ThreePublicItem.VehicleOperation)!.Reason);
        Assert.True(reading.Find(ThreePublicItem.VehicleOperation)!.ReasonMarkerWithoutText);
        Assert.Null(reading.Find(ThreePublicItem.VehiclePurchase)!.Reason);
    }

    [Fact]
    public void A_reason_that_names_another_item_does_not_start_a_statement()
    {
        var reading = Read("公务用车运行维护费27.5万元，比上年增加3.5万元，主要原因是公务接待费用车改由运行费列支；公务接待费2.2万元，与上年持平。");

        Assert.Equal(2, reading.Statements.Count);
        AssertItem(reading, ThreePublicItem.Reception, "2.2", "0");
    }

    [Fact]
    public void Items_named_together_share_one_amount()
    {
        var reading = Read("2025年“三公”经费预算27.5万元，与上年持平。其中：因公出国（境）费、公务接待费和公务用车购置费均为0万元，与上年持平；公务用车运行维护费27.5万元，与上年持平。");

        AssertItem(reading, ThreePublicItem.OutboundTravel, "0", "0");
        AssertItem(reading, ThreePublicItem.Reception, "0", "0");
        AssertItem(reading, ThreePublicItem.VehiclePurchase, "0", "0");
        AssertItem(reading, ThreePublicItem.VehicleOperation, "27.5", "0");
    }

    [Fact]
    public void The_vehicle_subtotal_with_its_parts_in_brackets_gives_all_three()
    {
        var reading = Read("公务用车购置及运行维护费27.5万元（其中：公务用车购置费0万元，公务用车运行维护费27.5万元），比上年增加3.5万元，主要原因是用车人员增加。");

        AssertItem(reading, ThreePublicItem.VehiclesSubtotal, "27.5", null);
        AssertItem(reading, ThreePublicItem.VehiclePurchase, "0", null);
        Assert.Equal(27.5m, reading.Find(ThreePublicItem.VehicleOperation)!.Amount!.Value);
    }

    [Fact]
    public void A_template_residue_or_garbled_number_is_reported_as_unreadable_not_as_zero()
    {
        var reading = Read("2025年“三公”经费预算XX万元，比上年增加万元。其中：公务接待费2..2万元，比上年增长10%。");

        Assert.Null(reading.Find(ThreePublicItem.Total)!.Amount);
        Assert.NotNull(reading.Find(ThreePublicItem.Total)!.AmountProblem);
        Assert.NotNull(reading.Find(ThreePublicItem.Total)!.ChangeProblem);
        Assert.Contains("2..2", reading.Find(ThreePublicItem.Reception)!.AmountProblem, StringComparison.Ordinal);
        Assert.Contains("百分比", reading.Find(ThreePublicItem.Reception)!.ChangeProblem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_level_two_heading_keeps_its_numbered_items_inside_the_section()
    {
        var narrative = "（三）财政拨款情况\n略。\n（四）“三公”经费预算情况说明\n1.因公出国（境）费0万元，与上年持平。\n2.公务接待费2.2万元，比上年减少0.6万元，主要原因是厉行节约。\n3.公务用车运行维护费27.5万元，比上年增加3.5万元，主要原因是用车人员增加。\n（五）机关运行经费\n公务接待费999万元。";
        var reading = ThreePublicSectionReader.Read(narrative, AmountUnit.TenThousandYuan);

        AssertItem(reading, ThreePublicItem.VehicleOperation, "27.5", "3.5");
        AssertItem(reading, ThreePublicItem.Reception, "2.2", "-0.6");
    }

    [Fact]
    public void Without_a_heading_the_section_starts_at_the_sentence_that_gives_the_three_public_total()
    {
        var narrative = "部门预算情况说明\n\n2025年“三公”经费预算18万元，比2024年减少12万元，主要原因是口径调整。其中：因公出国（境）费0万元，与上年持平；公务接待费0万元，与上年持平；公务用车运行维护费18万元，比2024年减少12万元，主要原因是口径调整；公务用车购置费0万元，与上年持平。\n\n一、其他\n无。";
        var reading = ThreePublicSectionReader.Read(narrative, AmountUnit.TenThousandYuan);

        AssertItem(reading, ThreePublicItem.Total, "18", "-12");
        AssertItem(reading, ThreePublicItem.VehicleOperation, "18", "-12");
    }

    [Fact]
    public void A_narrative_without_a_three_public_section_reads_as_not_found()
    {
        var reading = ThreePublicSectionReader.Read("一、单位基本情况\n略。\n二、部门收支总体情况\n略。", AmountUnit.TenThousandYuan);

        Assert.False(reading.SectionFound);
        Assert.Empty(reading.Statements);
    }

    [Theory]
    [InlineData("本单位共有车辆六辆，其中一般公务用车六辆。2025年一般公共预算安排购置车辆二辆。", 6, 2)]
    [InlineData("截至2024年12月，共有公务用车 1 2 辆。2025年新购车辆1辆。", 12, 1)]
    [InlineData("2025年一般公共预算安排购置车辆0辆，其中一般公务用车0辆。", null, 0)]
    public void Vehicle_sentence_variants_are_read(string sentence, int? held, int? toBuy)
    {
        var vehicles = VehicleSentenceReader.Read($"五、其他\n4.国有资产占有使用情况。{sentence}\n六、名词解释\n略。");

        Assert.Equal(held, vehicles.Held?.Count);
        Assert.Equal(toBuy, vehicles.ToBuy?.Count);
    }

    [Fact]
    public void A_vehicle_count_left_blank_by_the_template_is_unreadable()
    {
        var vehicles = VehicleSentenceReader.Read("4.国有资产占有使用情况。截至2024年12月，共有车辆 辆。");

        Assert.Null(vehicles.Held!.Count);
        Assert.NotNull(vehicles.Held.Problem);
    }

    private static ThreePublicReading Read(string paragraph) =>
        ThreePublicSectionReader.Read(Heading + paragraph + Next, AmountUnit.TenThousandYuan);

    private static void AssertItem(ThreePublicReading reading, ThreePublicItem item, string amount, string? change, AmountUnit unit = AmountUnit.TenThousandYuan)
    {
        var statement = reading.Find(item);
        Assert.True(statement is not null, $"{item} was not read");
        Assert.Null(statement.AmountProblem);
        Assert.Equal(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), statement.Amount!.Value);
        Assert.Equal(unit, statement.Amount.Unit);
        if (change is not null)
        {
            Assert.Null(statement.ChangeProblem);
            var signed = statement.Change!.Direction switch
            {
                ChangeDirection.Increase => statement.Change.Amount.Value,
                ChangeDirection.Decrease => -statement.Change.Amount.Value,
                _ => 0m,
            };
            Assert.Equal(decimal.Parse(change, System.Globalization.CultureInfo.InvariantCulture), signed);
        }
    }
}
