using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.Reconciler.Narrative;

namespace BudgetMesh.Reconciler.Tests.Narrative;

// Each case changes one sentence of a seed (and, where the rule needs it, one table cell) and expects exactly the
// rule it targets to fail at the changed sentence.
public sealed class RuleFailureTests
{
    private static Finding FailsOnce(NarrativeResults results, string ruleId, Severity severity)
    {
        Assert.True(results[ruleId].Outcome == Outcome.Fail, results.ToString());
        var finding = Assert.Single(results[ruleId].Findings);
        Assert.Equal(severity, finding.Severity);
        return finding;
    }

    [Fact]
    public void An_income_total_that_differs_from_SZ_is_an_error_pointing_at_the_SZ_total()
    {
        var results = NarrativeResults.Of(SeedPackages.WithNarrative(SeedPackages.Seed000, "（一）收入预算：2025年年初预算数2132.83万元", "（一）收入预算：2025年年初预算数2123.83万元"));

        var finding = FailsOnce(results, NarrativeChecks.IncomeTotal, Severity.Error);
        Assert.Equal(("2132.83", "2123.83", "-9.00"), (finding.Expected, finding.Actual, finding.Difference));
        Assert.Contains(finding.Locations, l => l.Table == TableKey.Sz && l.Column == "income_total");
        Assert.StartsWith("（一）收入预算：2025年年初预算数2123.83万元", results.SpanText(finding), StringComparison.Ordinal);
    }

    [Fact]
    public void A_fiscal_expenditure_that_differs_from_GF_is_an_error()
    {
        var results = NarrativeResults.Of(SeedPackages.WithNarrative(SeedPackages.Seed000, "一般公共预算财政拨款支出2132.83万元", "一般公共预算财政拨款支出2132.93万元"));

        var finding = FailsOnce(results, NarrativeChecks.ExpenditureTotal, Severity.Error);
        Assert.Contains(finding.Locations, l => l.Table == TableKey.Gf && l.Column == "total" && l.RowIndex == -1);
        Assert.Equal("0.10", finding.Difference);
    }

    [Fact]
    public void A_class_amount_that_matches_no_quantity_is_an_error_without_a_wrong_label_hint()
    {
        var results = NarrativeResults.Of(SeedPackages.WithNarrative(SeedPackages.Seed000, "卫生健康支出预算81.35万元", "卫生健康支出预算18.35万元"));

        var finding = FailsOnce(results, NarrativeChecks.FunctionClass, Severity.Error);
        Assert.Equal(("81.35", "18.35"), (finding.Expected, finding.Actual));
        Assert.Contains(finding.Locations, l => l.Table == TableKey.Zc && l.RowCode == "210" && l.RowIndex == 9);
        Assert.DoesNotContain("实为", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_basic_expenditure_that_differs_from_GF_is_an_error()
    {
        var results = NarrativeResults.Of(SeedPackages.WithNarrative(SeedPackages.Seed002, "其中：基本支出 646.51 万元", "其中：基本支出 646.15 万元"));

        var finding = FailsOnce(results, NarrativeChecks.BasicProject, Severity.Error);
        Assert.Contains(finding.Locations, l => l.Table == TableKey.Gf && l.Column == "basic");
    }

    [Fact]
    public void A_procurement_total_that_differs_from_CG_is_an_error_and_so_is_its_split()
    {
        var results = NarrativeResults.Of(SeedPackages.WithNarrative(SeedPackages.Seed000, "所属各预算单位政府采购预算总额3.03万元", "所属各预算单位政府采购预算总额30.3万元"));

        Assert.Equal(Outcome.Fail, results[NarrativeChecks.Procurement].Outcome);
        var findings = results[NarrativeChecks.Procurement].Findings;
        Assert.Equal(2, findings.Count);
        Assert.Contains(findings, f => f.Expected == "3.03" && f.Actual == "30.30" && f.Locations.Any(l => l.Table == TableKey.Cg && l.Column == "total"));
        Assert.Contains(findings, f => f.Message.Contains("货物、工程、服务预算之和3.03万元", StringComparison.Ordinal));
    }

    [Fact]
    public void A_figure_that_names_nothing_known_is_reviewed_with_its_sentence()
    {
        var results = NarrativeResults.Of(SeedPackages.WithNarrative(SeedPackages.Seed000, "区人民政府办公室2025年无使用政府性基金预算拨款安排的支出。", "区人民政府办公室2025年无使用政府性基金预算拨款安排的支出。另安排专项资金12.5万元。"));

        Assert.Equal(Outcome.Review, results[NarrativeChecks.UnboundFigure].Outcome);
        var finding = Assert.Single(results[NarrativeChecks.UnboundFigure].Findings);
        Assert.Equal("另安排专项资金12.5万元。", results.SpanText(finding));
        Assert.Contains("12.5万元", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_correct_rise_passes_and_a_wrong_direction_is_an_error()
    {
        var correct = NarrativeResults.Of(SeedPackages.WithNarrative(SeedPackages.Seed001, "比 2024 年增加 1457.83 万元。其中", "比 2024 年增加 1374.64 万元。其中"));
        var reversed = NarrativeResults.Of(SeedPackages.WithNarrative(SeedPackages.Seed001, "比 2024 年增加 1457.83 万元。其中", "比 2024 年减少 1374.64 万元。其中"));

        Assert.Equal(2, correct[NarrativeChecks.YoyAmount].Findings.Count(f => f.Severity == Severity.Error));
        var finding = FailsOnce(reversed, NarrativeChecks.YoyDirection, Severity.Error);
        Assert.Equal(("增加", "减少"), (finding.Expected, finding.Actual));
        Assert.Equal(2, reversed[NarrativeChecks.YoyAmount].Findings.Count(f => f.Severity == Severity.Error));
    }

    [Fact]
    public void A_wrong_growth_rate_is_an_error()
    {
        var results = NarrativeResults.Of(SeedPackages.WithNarrative(SeedPackages.Seed001, "比 2024 年增加 1457.83 万元。其中", "比 2024 年增加 1374.64 万元，增长 50%。其中"));

        var finding = FailsOnce(results, NarrativeChecks.YoyPercent, Severity.Error);
        Assert.Equal(("104.82", "50"), (finding.Expected, finding.Actual));
    }

    [Fact]
    public void A_correct_growth_rate_passes()
    {
        var results = NarrativeResults.Of(SeedPackages.WithNarrative(SeedPackages.Seed001, "比 2024 年增加 1457.83 万元。其中", "比 2024 年增加 1374.64 万元，增长 104.8%。其中"));

        Assert.Equal(Outcome.Pass, results[NarrativeChecks.YoyPercent].Outcome);
    }

    [Fact]
    public void A_growth_rate_from_a_zero_prior_year_is_a_warning()
    {
        var package = SeedPackages.WithNarrative(SeedPackages.Seed001, "比 2024 年增加 1457.83 万元。其中", "比 2024 年增加 2686.02 万元，增长 100%。其中");
        package.Tables.Gf.TotalRow.PriorYear = "0";

        var finding = FailsOnce(NarrativeResults.Of(package), NarrativeChecks.YoyZeroBase, Severity.Warning);
        Assert.Contains("上年数为0", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_operating_expense_that_differs_from_JB_public_use_is_a_warning_for_an_administrative_unit()
    {
        var results = NarrativeResults.Of(SeedPackages.WithNarrative(SeedPackages.Seed000, "运行经费309.17万元", "运行经费390.17万元"));

        var finding = FailsOnce(results, NarrativeChecks.AgencyOperating, Severity.Warning);
        Assert.Equal(("309.17", "390.17"), (finding.Expected, finding.Actual));
        Assert.Contains(finding.Locations, l => l.Table == TableKey.Jb && l.Column == "public_use");
    }

    [Fact]
    public void The_same_change_stated_twice_with_different_values_is_an_error()
    {
        var results = NarrativeResults.Of(SeedPackages.WithNarrative(SeedPackages.Seed000, "主要是项目支出经费拨款减少1592.37万元", "主要是项目支出经费拨款减少1529.37万元"));

        var finding = FailsOnce(results, NarrativeChecks.ConsistentFigures, Severity.Error);
        Assert.Equal(2, finding.Locations.Count);
        Assert.Contains("1529.37万元", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_share_that_does_not_recompute_is_a_warning_and_a_right_one_passes()
    {
        var wrong = NarrativeResults.Of(SeedPackages.WithNarrative(SeedPackages.Seed000, "其中：基本支出1542.83万元，", "其中：基本支出1542.83万元，占支出总额的62.3%，"));
        var right = NarrativeResults.Of(SeedPackages.WithNarrative(SeedPackages.Seed000, "其中：基本支出1542.83万元，", "其中：基本支出1542.83万元，占支出总额的72.3%，"));

        var finding = FailsOnce(wrong, NarrativeChecks.Shares, Severity.Warning);
        Assert.Equal("72.34", finding.Expected);
        Assert.Equal(Outcome.Pass, right[NarrativeChecks.Shares].Outcome);
    }

    [Fact]
    public void Saying_无政府性基金_while_JJ_has_money_is_an_error()
    {
        var package = SeedPackages.Load(SeedPackages.Seed000);
        package.Tables.Jj.Meta.State = TableState.Rows;
        package.Tables.Jj.TotalRow.Total = "12.00";

        var finding = FailsOnce(NarrativeResults.Of(package), NarrativeChecks.EmptyTable, Severity.Error);
        Assert.Contains(finding.Locations, l => l.Table == TableKey.Jj && l.Column == "total");
        Assert.Equal("区人民政府办公室2025年无使用政府性基金预算拨款安排的支出。", NarrativeResults.Of(package).SpanText(finding));
    }

    [Fact]
    public void A_missing_section_is_a_warning_naming_it()
    {
        var results = NarrativeResults.Of(SeedPackages.WithNarrative(SeedPackages.Seed002, "4.国有资产占有使用情况。", "4.资产情况。"));

        var finding = FailsOnce(results, NarrativeChecks.Sections, Severity.Warning);
        Assert.Contains("国有资产占有使用情况", finding.Message, StringComparison.Ordinal);
        Assert.Empty(results.Errors);
    }

    [Fact]
    public void Template_placeholders_in_text_are_warnings()
    {
        var results = NarrativeResults.Of(SeedPackages.WithNarrative(SeedPackages.Seed000, "收入较2024年减少1556.45万元", "收入较2024年增加（减少）XX万元"));

        Assert.Equal(Outcome.Fail, results[NarrativeChecks.TextResidue].Outcome);
        var findings = results[NarrativeChecks.TextResidue].Findings;
        Assert.Equal(2, findings.Count);
        Assert.All(findings, f => Assert.Equal(Severity.Warning, f.Severity));
        Assert.All(findings, f => Assert.StartsWith("收入较2024年增加（减少）XX万元", results.SpanText(f), StringComparison.Ordinal));
    }

    [Fact]
    public void A_comparison_with_a_year_other_than_the_prior_one_is_a_warning()
    {
        var results = NarrativeResults.Of(SeedPackages.WithNarrative(SeedPackages.Seed000, "其中：基本支出1542.83万元，比2024年增加35.92万元", "其中：基本支出1542.83万元，比2023年增加35.92万元"));

        var finding = FailsOnce(results, NarrativeChecks.Years, Severity.Warning);
        Assert.Equal(("2024", "2023"), (finding.Expected, finding.Actual));
    }

    [Fact]
    public void A_narrative_in_元_is_converted_before_comparing()
    {
        var equal = NarrativeResults.Of(SeedPackages.WithNarrative(SeedPackages.Seed000, "住房保障支出预算100.96万元", "住房保障支出预算1,009,600元"));
        var off = NarrativeResults.Of(SeedPackages.WithNarrative(SeedPackages.Seed000, "住房保障支出预算100.96万元", "住房保障支出预算1,009,000元"));

        Assert.Equal(Outcome.Pass, equal[NarrativeChecks.FunctionClass].Outcome);
        var finding = FailsOnce(off, NarrativeChecks.FunctionClass, Severity.Error);
        Assert.Equal(("100.96", "100.90", "万元"), (finding.Expected, finding.Actual, finding.Unit));
    }

    [Fact]
    public void A_table_in_元_is_compared_in_元_at_the_printed_precision_of_the_narrative_figure()
    {
        // The narrative prints "309.17万元": known to ±0.005 万元, i.e. ±50 元 against a 元 cell (rules.md).
        var package = SeedPackages.Load(SeedPackages.Seed000);
        package.Tables.Jb.Meta.Unit = AmountUnit.Yuan;
        package.Tables.Jb.TotalRow.PublicUse = "3091749.40";

        var results = NarrativeResults.Of(package);

        Assert.Equal(Outcome.Pass, results[NarrativeChecks.AgencyOperating].Outcome);
        package.Tables.Jb.TotalRow.PublicUse = "3091751.00";
        var finding = FailsOnce(NarrativeResults.Of(package), NarrativeChecks.AgencyOperating, Severity.Warning);
        Assert.Equal(("3091751.00", "3091700.00", "50.00", "元"), (finding.Expected, finding.Actual, finding.Tolerance, finding.Unit));
    }

    [Fact]
    public void A_line_break_inside_a_number_and_full_width_digits_change_no_outcome()
    {
        var package = SeedPackages.WithNarrative(SeedPackages.Seed001, "一般公共服务支出 2224.07 万元", "一般公共服务支出 2224.\n07 万元");
        package = SeedPackages.WithNarrative(package, "卫生健康支出 77.94 万元", "卫生健康支出 ７７．９４ 万元");

        var results = NarrativeResults.Of(package);

        Assert.Single(results[NarrativeChecks.FunctionClass].Findings);
        Assert.Contains("2224.\n07 万元", results.SpanText(results[NarrativeChecks.FunctionClass].Findings[0]), StringComparison.Ordinal);
    }

    [Fact]
    public void An_unparseable_table_cell_makes_the_rule_review_never_read_as_zero()
    {
        var package = SeedPackages.Load(SeedPackages.Seed000);
        package.Tables.Gf.TotalRow.Basic = "XX";

        var results = NarrativeResults.Of(package);

        Assert.Equal(Outcome.Review, results[NarrativeChecks.BasicProject].Outcome);
        Assert.Contains("“XX”", results[NarrativeChecks.BasicProject].Findings[0].Message, StringComparison.Ordinal);
    }
}
