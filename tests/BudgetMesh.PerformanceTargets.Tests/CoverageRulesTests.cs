using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.PerformanceTargets.Rules;

namespace BudgetMesh.PerformanceTargets.Tests;

public sealed class CoverageRulesTests
{
    private static ProjectListTable List(params (string Code, string Name, string Amount)[] rows)
    {
        var list = new ProjectListTable { Meta = new TableMeta { Unit = AmountUnit.TenThousandYuan, State = TableState.Rows } };
        list.Rows.AddRange(rows.Select(r => new ProjectRow { ProjectCode = r.Code, ProjectName = r.Name, Amount = r.Amount }));
        return list;
    }

    [Fact]
    public void Seed_002_covers_1409_57_of_1600_project_expenditure()
    {
        var result = Check.Rule(Seeds.Input(Seeds.Two), RuleIds.Coverage);

        Assert.Equal(Outcome.Fail, result.Outcome);
        var finding = Assert.Single(result.Findings);
        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Equal("项目绩效目标表覆盖 1409.57 万元，项目支出合计 1600.00 万元，未覆盖 190.43 万元", finding.Message);
        Assert.Equal(("1600.00", "1409.57", "-190.43"), (finding.Expected, finding.Actual, finding.Difference));
        Assert.Contains(finding.Locations, l => l.Table == TableKey.Gf);
        Assert.Contains(finding.Locations, l => l.Table == TableKey.Xj && l.Project == "中心运行费" && l.Column == "funds_fiscal");
    }

    [Fact]
    public void A_project_of_the_project_list_without_a_target_table_is_found()
    {
        var request = Seeds.Request(Seeds.Two);
        request.ProjectList = List(("", "中心运行费", "1409.57"), ("50010723T000000000001", "政务服务大厅改造", "190.43"));

        var result = Check.Rule(Seeds.Input(request), RuleIds.Coverage);

        Assert.Equal(Outcome.Fail, result.Outcome);
        var finding = Assert.Single(result.Findings);
        Assert.Contains("政务服务大厅改造", finding.Message, StringComparison.Ordinal);
        var location = Assert.Single(finding.Locations);
        Assert.Equal((TableKey.Xm, 1, "50010723T000000000001"), (location.Table, location.RowIndex, location.RowCode));
    }

    [Fact]
    public void A_target_table_whose_project_is_not_in_the_project_list_is_found()
    {
        var request = Seeds.Request(Seeds.Two);
        request.ProjectList = List(("", "中心日常运转", "1409.57"));

        var result = Check.Rule(Seeds.Input(request), RuleIds.Coverage);

        Assert.Equal(2, result.Problems().Count);
        Assert.Contains(result.Findings, f => f.Locations.Single().Table == TableKey.Xj);
    }

    [Fact]
    public void A_shortfall_within_the_rounding_envelope_is_only_a_hint()
    {
        var request = Seeds.Request(Seeds.Two);
        request.ProjectExpenditureTotal = "1409.58";

        var result = Check.Rule(Seeds.Input(request), RuleIds.Coverage);

        Assert.Equal(Outcome.Pass, result.Outcome);
        Assert.Equal(Severity.Info, Assert.Single(result.Findings).Severity);
    }

    [Fact]
    public void An_unreadable_project_total_makes_coverage_a_review_naming_the_cell()
    {
        var request = Seeds.Request(Seeds.Two);
        request.ProjectExpenditureTotal = "XX";

        var result = Check.Rule(Seeds.Input(request), RuleIds.Coverage);

        Assert.Equal(Outcome.Review, result.Outcome);
        var finding = Assert.Single(result.Findings);
        Assert.Contains("“XX”", finding.Message, StringComparison.Ordinal);
        Assert.Equal((TableKey.Gf, "project"), (finding.Locations[0].Table, finding.Locations[0].Column));
    }

    [Fact]
    public void Coverage_without_project_list_or_total_is_not_applicable_with_a_reason()
    {
        var request = Seeds.Request(Seeds.Two);
        request.ProjectExpenditureTotal = "";

        var result = Check.Rule(Seeds.Input(request), RuleIds.Coverage);

        Assert.Equal(Outcome.NotApplicable, result.Outcome);
        Assert.Contains("未提供项目支出明细表", result.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Project_funds_different_from_the_project_list_are_found_after_unit_conversion()
    {
        // Seed 002's table is in 元 (14095700); the list in 万元.
        var request = Seeds.Request(Seeds.Two);
        request.ProjectList = List(("", "中心运行费", "1409.57"));
        Assert.Equal(Outcome.Pass, Check.Rule(Seeds.Input(request), RuleIds.Funds).Outcome);

        request.ProjectList.Rows[0].Amount = "1490.57";
        var result = Check.Rule(Seeds.Input(request), RuleIds.Funds);

        Assert.Equal(Outcome.Fail, result.Outcome);
        var finding = Assert.Single(result.Findings);
        Assert.Equal(("1490.57", "1409.57", "-81.00"), (finding.Expected, finding.Actual, finding.Difference));
        Assert.Equal([TableKey.Xj, TableKey.Xm], finding.Locations.Select(l => l.Table));
    }

    [Fact]
    public void Funds_are_not_applicable_without_a_project_list()
    {
        var result = Check.Rule(Seeds.Input(Seeds.Two), RuleIds.Funds);

        Assert.Equal(Outcome.NotApplicable, result.Outcome);
        Assert.NotEmpty(result.Note);
    }

    [Fact]
    public void The_narrative_amount_must_equal_what_the_tables_cover()
    {
        var result = Check.Rule(Seeds.Input(Seeds.Two), RuleIds.NarrativeAmount);

        Assert.Equal(Outcome.Fail, result.Outcome);
        var finding = Assert.Single(result.Findings);
        Assert.Equal("情况说明称绩效目标涉及 1600.00 万元，项目绩效目标表合计 1409.57 万元，相差 190.43 万元", finding.Message);
        var sentence = finding.Locations[0];
        Assert.Equal(TableKey.Nar, sentence.Table);
        var text = Seeds.Package(Seeds.Two).Narrative.Text;
        Assert.StartsWith("2023 年项目支出均实行了绩效管理", text.Substring(sentence.Span.Start, sentence.Span.Length), StringComparison.Ordinal);
    }

    [Fact]
    public void A_narrative_amount_in_yuan_is_converted_before_comparing()
    {
        var request = Seeds.Request(Seeds.Two);
        request.Narrative = new Contracts.Budget.V1.Narrative { Text = "3.绩效目标设置情况。涉及一般公共预算当年财政拨款 14095700 元。" };
        Assert.Equal(Outcome.Pass, Check.Rule(Seeds.Input(request), RuleIds.NarrativeAmount).Outcome);

        request.Narrative.Text = "3.绩效目标设置情况。涉及一般公共预算当年财政拨款 14095800 元。";
        var finding = Assert.Single(Check.Rule(Seeds.Input(request), RuleIds.NarrativeAmount).Findings);

        Assert.Equal("情况说明称绩效目标涉及 14095800 元（1409.58 万元），项目绩效目标表合计 1409.57 万元，相差 0.01 万元", finding.Message);
    }

    [Fact]
    public void A_narrative_without_the_section_makes_the_narrative_check_not_applicable()
    {
        var request = Seeds.Request(Seeds.Two);
        request.Narrative = new Contracts.Budget.V1.Narrative { Text = "一、部门职责\n负责政务服务。" };

        var result = Check.Rule(Seeds.Input(request), RuleIds.NarrativeAmount);

        Assert.Equal(Outcome.NotApplicable, result.Outcome);
        Assert.Contains("绩效目标", result.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Blank_project_funds_make_the_narrative_check_a_review_not_a_zero()
    {
        var request = Seeds.Request(Seeds.Two);
        request.Projects[0].ClearFundsFiscal();
        request.Projects[0].ClearFundsTotal();

        var result = Check.Rule(Seeds.Input(request), RuleIds.NarrativeAmount);

        Assert.Equal(Outcome.Review, result.Outcome);
        var finding = Assert.Single(result.Findings);
        Assert.Equal(("中心运行费", "funds_total"), (finding.Locations[0].Project, finding.Locations[0].Column));
    }
}
