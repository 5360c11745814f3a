using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.ThreePublicExpenses.Rules;
using AmountUnit = BudgetMesh.Contracts.Budget.V1.AmountUnit;
using BudgetMesh.Contracts.Report.V1;

namespace BudgetMesh.ThreePublicExpenses.Tests;

/// <summary>T1–T5 on the seeds as printed, and on seeds changed in one cell or one sentence.</summary>
public sealed class RuleTests
{
    // All three seeds are right on T1–T5. Seeds 000 and 002 write a zero change as "减少0万元"/"增加0万元"
    // instead of "持平": T4 passes with INFO notes for those. Seeds 000 and 001 give no reason right after
    // the total's change, but every item that changed carries its own, which explains the total.
    [Theory]
    [InlineData(Seeds.Jiulongpo2025)]
    [InlineData(Seeds.Dadukou2025)]
    [InlineData(Seeds.Zhengwuban2023)]
    public void Every_seed_passes_every_three_public_rule(string seed)
    {
        var results = ThreePublicChecks.Run(Seeds.Input(seed));

        Assert.Equal(RuleIds.Checked, results.Select(r => r.RuleId));
        Assert.All(results, r => Assert.True(r.Outcome == Outcome.Pass, $"{r.RuleId}: {r.Outcome} {string.Join(" | ", r.Findings.Select(f => f.Message))}"));
        Assert.All(results.SelectMany(r => r.Findings), f => Assert.Equal(Severity.Info, f.Severity));
    }

    [Fact]
    public void T1_fails_when_the_vehicle_subtotal_is_not_purchase_plus_operation()
    {
        var package = Seeds.WithSgCell(Seeds.Dadukou2025, f => f.VehiclePurchase = "3.00");

        var result = Seeds.Run(package, RuleIds.TableSums);

        Assert.Equal(Outcome.Fail, result.Outcome);
        var finding = Assert.Single(result.Findings);
        Assert.Equal(Severity.Error, finding.Severity);
        Assert.Contains("公务用车购置及运行维护费 27.50万元", finding.Message, StringComparison.Ordinal);
        Assert.Contains("= 30.50万元", finding.Message, StringComparison.Ordinal);
        Assert.Equal(["vehicles_subtotal", "vehicle_purchase", "vehicle_operation"], finding.Locations.Select(l => l.Column));
        Assert.Equal("-3.00", finding.Difference);
    }

    [Fact]
    public void T1_fails_when_the_total_is_not_the_sum_of_the_three_items()
    {
        var result = Seeds.Run(Seeds.WithSgCell(Seeds.Dadukou2025, f => f.Total = "31.70"), RuleIds.TableSums);

        Assert.Equal(Outcome.Fail, result.Outcome);
        Assert.Equal("total", Assert.Single(result.Findings).Locations[0].Column);
    }

    [Fact]
    public void T1_calls_a_cent_off_the_sum_a_rounding_note_and_still_passes()
    {
        var result = Seeds.Run(Seeds.WithSgCell(Seeds.Dadukou2025, f => f.Total = "29.71"), RuleIds.TableSums);

        Assert.Equal(Outcome.Pass, result.Outcome);
        var finding = Assert.Single(result.Findings);
        Assert.Equal(Severity.Info, finding.Severity);
        Assert.Contains("可能为取整误差", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void T1_does_not_read_an_unparseable_cell_as_zero_it_is_an_error_of_the_table()
    {
        var result = Seeds.Run(Seeds.WithSgCell(Seeds.Dadukou2025, f => f.OutboundTravel = "XX"), RuleIds.TableSums);

        Assert.Equal(Outcome.Fail, result.Outcome);
        var finding = Assert.Single(result.Findings);
        Assert.Equal(Severity.Error, finding.Severity);
        Assert.Equal("outbound_travel", finding.Locations[0].Column);
        Assert.Contains("“XX”", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void T1_checks_the_prior_year_column_too()
    {
        var package = Seeds.Package(Seeds.Dadukou2025);
        package.Tables.Sg.PriorYear = new ThreePublicFigures { Total = "26.80", VehiclesSubtotal = "24.00", VehicleOperation = "20.00", Reception = "2.80" };

        var result = Seeds.Run(package, RuleIds.TableSums);

        Assert.Equal(Outcome.Fail, result.Outcome);
        Assert.Equal("上年预算数", Assert.Single(result.Findings).Locations[0].Label);
    }

    [Fact]
    public void T2_fails_when_JB_30217_is_above_the_tables_reception()
    {
        var package = Seeds.Package(Seeds.Dadukou2025);
        package.Tables.Jb.Rows.Single(r => r.Code == "30217").Total = "3.00";

        var result = Seeds.Run(package, RuleIds.BasicExpenditure);

        Assert.Equal(Outcome.Fail, result.Outcome);
        var finding = Assert.Single(result.Findings);
        Assert.Equal(Severity.Error, finding.Severity);
        Assert.Contains("30217", finding.Message, StringComparison.Ordinal);
        Assert.Contains("3.00万元", finding.Message, StringComparison.Ordinal);
        Assert.Contains("公务接待费 2.20万元", finding.Message, StringComparison.Ordinal);
        Assert.Equal((TableKey.Jb, "30217"), (finding.Locations[0].Table, finding.Locations[0].RowCode));
        Assert.Equal((TableKey.Sg, "reception"), (finding.Locations[1].Table, finding.Locations[1].Column));
    }

    [Fact]
    public void T2_compares_after_converting_a_JB_table_printed_in_yuan()
    {
        var package = Seeds.Package(Seeds.Dadukou2025);
        package.Tables.Jb.Meta.Unit = AmountUnit.Yuan;
        foreach (var row in package.Tables.Jb.Rows.Where(r => r.Code is "30217" or "30231"))
        {
            row.Total = (decimal.Parse(row.Total, System.Globalization.CultureInfo.InvariantCulture) * 10000m).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
        }

        Assert.Equal(Outcome.Pass, Seeds.Run(package, RuleIds.BasicExpenditure).Outcome);
    }

    [Fact]
    public void T3_fails_when_an_item_is_missing_from_the_narrative()
    {
        var package = Seeds.WithSentence(Seeds.Dadukou2025, "公务接待费 2.2 万元，比 2024 年减少 0.6 万元，主要原因是认真贯彻落实中央八项规定精神和厉行节约要求，强化公务接待支出管理；", string.Empty);

        var result = Seeds.Run(package, RuleIds.NarrativeStatesTable);

        Assert.Equal(Outcome.Fail, result.Outcome);
        var finding = Assert.Single(result.Findings);
        Assert.Contains("未单独说明公务接待费", finding.Message, StringComparison.Ordinal);
        Assert.Equal(TableKey.Nar, finding.Locations[0].Table);
    }

    [Fact]
    public void T3_fails_when_purchase_is_not_stated_apart_from_operation_even_when_zero()
    {
        var package = Seeds.WithSentence(Seeds.Dadukou2025, "；公务用车购置费 0 万元，与上年持平", string.Empty);

        var finding = Assert.Single(Seeds.Run(package, RuleIds.NarrativeStatesTable).Findings);

        Assert.Contains("公务用车购置费", finding.Message, StringComparison.Ordinal);
        Assert.Contains("分别说明", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void T3_fails_when_a_stated_amount_differs_from_the_table_and_points_at_the_sentence_and_the_cell()
    {
        var package = Seeds.WithSentence(Seeds.Dadukou2025, "公务接待费 2.2 万元", "公务接待费 2.4 万元");

        var finding = Assert.Single(Seeds.Run(package, RuleIds.NarrativeStatesTable).Findings);

        Assert.Equal(Severity.Error, finding.Severity);
        Assert.Contains("2.4万元", finding.Message, StringComparison.Ordinal);
        Assert.Contains("2.20万元", finding.Message, StringComparison.Ordinal);
        var span = finding.Locations[0].Span;
        Assert.StartsWith("公务接待费 2.4 万元", package.Narrative.Text.Substring(span.Start, span.Length), StringComparison.Ordinal);
        Assert.Equal("reception", finding.Locations[1].Column);
    }

    [Fact]
    public void T3_accepts_a_narrative_in_wan_yuan_against_a_table_in_yuan()
    {
        var package = Seeds.Package(Seeds.Dadukou2025);
        package.Tables.Sg.Meta.Unit = AmountUnit.Yuan;
        package.Tables.Sg.CurrentYear = new ThreePublicFigures { Total = "297000.00", VehiclesSubtotal = "275000.00", VehicleOperation = "275000.00", Reception = "22000.00" };

        var results = ThreePublicChecks.Run(Seeds.Input(package));

        Assert.Equal(Outcome.Pass, Seeds.Rule(results, RuleIds.NarrativeStatesTable).Outcome);
        Assert.Equal(Outcome.Pass, Seeds.Rule(results, RuleIds.TableSums).Outcome);
    }

    [Fact]
    public void T3_reviews_an_unreadable_sentence_and_names_it()
    {
        var package = Seeds.WithSentence(Seeds.Dadukou2025, "公务接待费 2.2 万元", "公务接待费 X.X 万元");

        var result = Seeds.Run(package, RuleIds.NarrativeStatesTable);

        Assert.Equal(Outcome.Review, result.Outcome);
        var finding = Assert.Single(result.Findings);
        Assert.Contains("公务接待费 X.X 万元", finding.Message, StringComparison.Ordinal);
        Assert.NotNull(finding.Locations[0].Span);
    }

    [Fact]
    public void T3_fails_when_the_narrative_has_no_three_public_section()
    {
        var package = Seeds.Package(Seeds.Dadukou2025);
        package.Narrative.Text = "一、单位基本情况\n略。";

        Assert.Equal(Outcome.Fail, Seeds.Run(package, RuleIds.NarrativeStatesTable).Outcome);
        Assert.Equal(Outcome.Review, Seeds.Run(package, RuleIds.YearOnYear).Outcome);
    }

    [Fact]
    public void T4_fails_on_a_wrong_direction_word_against_the_tables_prior_year()
    {
        var package = Seeds.WithSentence(Seeds.Dadukou2025, "公务接待费 2.2 万元，比 2024 年减少 0.6 万元", "公务接待费 2.2 万元，比 2024 年增加 0.6 万元");
        package.Tables.Sg.PriorYear = PriorYear2024();

        var result = Seeds.Run(package, RuleIds.YearOnYear);

        Assert.Equal(Outcome.Fail, result.Outcome);
        var finding = Assert.Single(result.Findings, f => f.Severity == Severity.Error);
        Assert.Contains("方向词“增加”与实际不符", finding.Message, StringComparison.Ordinal);
        Assert.Contains("实际减少 0.60万元", finding.Message, StringComparison.Ordinal);
        Assert.Equal(["", "reception", "reception"], finding.Locations.Select(l => l.Column));
    }

    [Fact]
    public void T4_fails_on_a_wrong_direction_word_without_a_prior_year_because_the_items_no_longer_add_up()
    {
        var package = Seeds.WithSentence(Seeds.Dadukou2025, "公务接待费 2.2 万元，比 2024 年减少 0.6 万元", "公务接待费 2.2 万元，比 2024 年增加 0.6 万元");

        var result = Seeds.Run(package, RuleIds.YearOnYear);

        Assert.Equal(Outcome.Fail, result.Outcome);
        var finding = Assert.Single(result.Findings);
        Assert.Contains("增减之和为 +4.10万元", finding.Message, StringComparison.Ordinal);
        Assert.Contains("+2.90万元", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void T4_passes_the_seed_against_a_prior_year_that_agrees_with_it()
    {
        var package = Seeds.Package(Seeds.Dadukou2025);
        package.Tables.Sg.PriorYear = PriorYear2024();

        Assert.Equal(Outcome.Pass, Seeds.Run(package, RuleIds.YearOnYear).Outcome);
    }

    [Fact]
    public void T4_fails_when_the_stated_change_amount_is_not_current_minus_prior()
    {
        var package = Seeds.WithSentence(Seeds.Dadukou2025, "比 2024 年增加 3.5 万元", "比 2024 年增加 4.5 万元");
        package.Tables.Sg.PriorYear = PriorYear2024();

        var finding = Assert.Single(Seeds.Run(package, RuleIds.YearOnYear).Findings);

        Assert.Contains("增减金额不符", finding.Message, StringComparison.Ordinal);
        Assert.Equal("1.00", finding.Difference);
    }

    [Fact]
    public void T4_uses_the_departments_recorded_prior_year_when_the_table_prints_none()
    {
        var input = Seeds.Input(Seeds.Jiulongpo2025) with { RecordedPrior = new ThreePublicAmounts(30m, 0m, 30m, 0m, 30m, 0m) };
        Assert.Equal(Outcome.Pass, YearOnYearRule.Check(input, Narrative.ThreePublicSectionReader.Read(input.Narrative, input.PackageUnit)).Outcome);

        var wrong = input with { RecordedPrior = new ThreePublicAmounts(18m, 0m, 18m, 0m, 18m, 0m) };
        var result = YearOnYearRule.Check(wrong, Narrative.ThreePublicSectionReader.Read(input.Narrative, input.PackageUnit));
        Assert.Equal(Outcome.Fail, result.Outcome);
        Assert.Contains(result.Findings, f => f.Message.Contains("上年已记录的预算数", StringComparison.Ordinal));
    }

    [Fact]
    public void T4_fails_when_a_change_comes_with_no_reason()
    {
        var package = Seeds.WithSentence(Seeds.Dadukou2025, "，主要原因是机构改革后单位和用车人员增加", string.Empty);

        var result = Seeds.Run(package, RuleIds.YearOnYear);

        Assert.Equal(Outcome.Fail, result.Outcome);
        var messages = result.Findings.Where(f => f.Severity == Severity.Error).Select(f => f.Message).ToList();
        Assert.Contains(messages, m => m.Contains("公务用车运行维护费比上年增加3.5万元，没有说明原因", StringComparison.Ordinal));
        // The total's change is no longer explained by its items either.
        Assert.Contains(messages, m => m.StartsWith("情况说明称“三公”经费合计", StringComparison.Ordinal));
    }

    [Fact]
    public void T4_fails_when_the_total_changes_without_any_reason_at_all()
    {
        var narrative = "四、“三公”经费情况说明\n2025年“三公”经费预算29.7万元，比2024年增加2.9万元。其中：因公出国（境）费0万元，与上年持平；公务接待费2.2万元，与上年持平；公务用车运行维护费27.5万元，与上年持平；公务用车购置费0万元，与上年持平。";
        var input = Seeds.Input(Seeds.Dadukou2025) with { Narrative = narrative };

        var result = YearOnYearRule.Check(input, Narrative.ThreePublicSectionReader.Read(narrative, input.PackageUnit));

        Assert.Contains(result.Findings, f => f.Severity == Severity.Error && f.Message.Contains("没有说明原因", StringComparison.Ordinal));
    }

    [Fact]
    public void T5_warns_when_purchase_money_is_budgeted_but_no_vehicle_is_to_be_bought()
    {
        var package = Seeds.WithSgCell(Seeds.Dadukou2025, f =>
        {
            f.VehiclePurchase = "10.00";
            f.VehiclesSubtotal = "37.50";
            f.Total = "39.70";
        });

        var result = Seeds.Run(package, RuleIds.Vehicles);

        Assert.Equal(Outcome.Fail, result.Outcome);
        var finding = Assert.Single(result.Findings);
        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Contains("公务用车购置费为 10.00万元", finding.Message, StringComparison.Ordinal);
        Assert.Equal("vehicle_purchase", finding.Locations[0].Column);
        var span = finding.Locations[1].Span;
        Assert.Contains("购置车辆 0 辆", package.Narrative.Text.Substring(span.Start, span.Length), StringComparison.Ordinal);
    }

    [Fact]
    public void T5_warns_when_running_costs_are_budgeted_but_no_vehicle_is_held()
    {
        var package = Seeds.WithSentence(Seeds.Dadukou2025, "本单位共有车辆 6 辆", "本单位共有车辆 0 辆");

        var finding = Assert.Single(Seeds.Run(package, RuleIds.Vehicles).Findings);

        Assert.Contains("运行维护费为 27.50万元", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void T5_warns_when_vehicles_are_to_be_bought_without_purchase_money()
    {
        var package = Seeds.WithSentence(Seeds.Dadukou2025, "购置车辆 0 辆", "购置车辆 2 辆");

        Assert.Contains("购置车辆 2 辆", Assert.Single(Seeds.Run(package, RuleIds.Vehicles).Findings).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void T5_reviews_purchase_money_when_the_narrative_says_nothing_about_vehicles()
    {
        var package = Seeds.WithSgCell(Seeds.Dadukou2025, f => f.VehiclePurchase = "10.00");
        package.Narrative.Text = package.Narrative.Text.Replace("国有资产占有使用情况", "其他情况", StringComparison.Ordinal).Replace("车辆", "设备", StringComparison.Ordinal);

        var result = Seeds.Run(package, RuleIds.Vehicles);

        Assert.Equal(Outcome.Review, result.Outcome);
        Assert.Contains("未找到购置车辆数", result.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Rules_without_a_three_public_table_ask_for_review_instead_of_passing()
    {
        var package = Seeds.Package(Seeds.Dadukou2025);
        package.Tables.Sg = null;

        var results = ThreePublicChecks.Run(Seeds.Input(package));

        Assert.All(results.Where(r => r.RuleId != RuleIds.YearOnYear), r => Assert.Equal(Outcome.Review, r.Outcome));
    }

    // Seed 001's narrative implies these 2024 figures: 29.7 − 2.9, 2.2 + 0.6, 27.5 − 3.5.
    private static ThreePublicFigures PriorYear2024() =>
        new() { Total = "26.80", OutboundTravel = "0", VehiclesSubtotal = "24.00", VehiclePurchase = "0", VehicleOperation = "24.00", Reception = "2.80" };
}
