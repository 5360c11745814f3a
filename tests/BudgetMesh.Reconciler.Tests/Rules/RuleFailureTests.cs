using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Report.V1;
using static BudgetMesh.Reconciler.Tests.Rules.RuleAssertions;

namespace BudgetMesh.Reconciler.Tests.Rules;

/// <summary>A failing case for every table rule, each made by changing one cell (or removing one table) of a seed.</summary>
public sealed class RuleFailureTests
{
    private const string S000 = Seeds.Jiulongpo2025;
    private const string S001 = Seeds.Dadukou2025;
    private const string S002 = Seeds.Zhengwuban2023;

    [Fact]
    public void R1_CZ_income_total_differing_from_expenditure_total_is_an_error()
    {
        var finding = FailsAfter(S000, "R1-CZ-BALANCE", p => p.Tables.Cz.IncomeTotal.Amount = "2132.93", Severity.Error, TableKey.Cz, column: "income_total");
        Assert.Equal("2132.93", finding.Expected);
        Assert.Equal("2132.83", finding.Actual);
        Assert.Equal("-0.10", finding.Difference);
        Assert.Equal("万元", finding.Unit);
    }

    [Fact]
    public void R1_CZ_function_line_whose_total_differs_from_its_fund_columns_is_an_error()
    {
        var finding = FailsAfter(S000, "R1-CZ-FUNDS", p => p.Tables.Cz.ExpenditureByFunction[0].Total = "1690.87", Severity.Error, TableKey.Cz, "201", "total");
        Assert.Equal("1690.77", finding.Expected);
        Assert.Equal("1690.87", finding.Actual);
        Assert.Equal("0.10", finding.Difference);
        Assert.Equal("0.01", finding.Tolerance);
    }

    [Fact]
    public void R1_CZ_current_income_not_equal_to_its_funds_is_an_error() =>
        FailsAfter(S000, "R1-CZ-SUBTOTALS", p => p.Tables.Cz.CurrentYearIncome.Amount = "2000.00", Severity.Error, TableKey.Cz, column: "current_year_income");

    [Fact]
    public void R2_GF_row_total_not_equal_to_basic_plus_project_is_an_error()
    {
        var finding = FailsAfter(S000, "R2-ROW-SPLIT", p => p.Tables.Gf.Rows[2].Basic = "1000.77", Severity.Error, TableKey.Gf, "2010301", "total");
        Assert.Equal(2, finding.Locations.Single(l => l.Column == "total").RowIndex);
        Assert.Equal("1000.77", finding.Expected);
        Assert.Equal("1100.77", finding.Actual);
    }

    [Fact]
    public void R2_ZC_total_row_not_equal_to_the_classes_is_an_error() =>
        FailsAfter(S000, "R2-TOTALS", p => p.Tables.Zc.TotalRow.Total = "2232.83", Severity.Error, TableKey.Zc, column: "total");

    [Fact]
    public void R3_JB_row_total_not_equal_to_personnel_plus_public_use_is_an_error() =>
        FailsAfter(S000, "R3-JB-SPLIT", p => p.Tables.Jb.Rows[1].Personnel = "200.00", Severity.Error, TableKey.Jb, "30101", "total");

    [Fact]
    public void R5_JBG_class_not_equal_to_its_sections_is_an_error()
    {
        var finding = FailsAfter(S000, "R5-HIERARCHY", p => p.Tables.Jbg.Rows[1].Amount = "791.37", Severity.Error, TableKey.Jbg, "501", "amount");
        Assert.Equal("1195.83", finding.Expected);
        Assert.Equal("1185.83", finding.Actual);
        Assert.Equal("-10.00", finding.Difference);
    }

    [Fact]
    public void R5_item_change_breaks_the_section_in_the_prior_year_column_too() =>
        FailsAfter(S001, "R5-HIERARCHY", p => p.Tables.Gf.Rows[2].PriorYear = "700.00", Severity.Error, TableKey.Gf, "20103", "prior_year");

    [Fact]
    public void R5_duplicate_code_in_a_table_is_a_warning() =>
        FailsAfter(S000, "R5-DUPLICATE-CODE", p => p.Tables.Xmg.Rows[3].Code = "50202", Severity.Warning, TableKey.Xmg, "50202");

    [Fact]
    public void R6_SZ_expenditure_total_not_equal_to_income_total_is_an_error() =>
        FailsAfter(S000, "R6-SZ-BALANCE", p => p.Tables.Sz.ExpenditureTotal.Amount = "2100.00", Severity.Error, TableKey.Sz, column: "expenditure_total");

    [Fact]
    public void R6_SR_row_total_not_equal_to_its_sources_is_an_error() =>
        FailsAfter(S000, "R6-SR-SOURCES", p => p.Tables.Sr.Rows[2].Total = "1200.77", Severity.Error, TableKey.Sr, "2010301", "total");

    [Fact]
    public void R7_CZ_class_not_equal_to_GF_class_is_an_error()
    {
        var finding = FailsAfter(S000, "R7-CZ-GF", p => p.Tables.Cz.ExpenditureByFunction[1].GeneralBudget = "250.00", Severity.Error, TableKey.Cz, "208", "general_budget");
        Assert.Contains(finding.Locations, l => l.Table == TableKey.Gf && l.RowCode == "208");
        Assert.Equal("259.74", finding.Expected);
    }

    [Fact]
    public void R8_JBG_total_not_equal_to_GF_basic_total_is_an_error() =>
        FailsAfter(S000, "R8-BASIC", p => p.Tables.Jbg.TotalRow.Amount = "1500.00", Severity.Error, TableKey.Jbg, column: "amount");

    [Fact]
    public void R8_XMJ_total_not_equal_to_GF_project_total_is_an_error() =>
        FailsAfter(S000, "R8-PROJECT", p => p.Tables.Xmj.TotalRow.Amount = "580.00", Severity.Error, TableKey.Xmj, column: "amount");

    [Fact]
    public void R9_SR_total_not_equal_to_SZ_income_is_an_error() =>
        FailsAfter(S000, "R9-SZ-SR", p => p.Tables.Sr.TotalRow.Total = "2100.00", Severity.Error, TableKey.Sr, column: "total");

    [Fact]
    public void R9_SZ_class_not_equal_to_ZC_class_is_an_error() =>
        FailsAfter(S000, "R9-SZ-ZC", p => p.Tables.Sz.Expenditure[0].Amount = "1600.77", Severity.Error, TableKey.Sz, "201", "expenditure");

    [Fact]
    public void R9_fiscal_only_unit_with_ZC_differing_from_GF_is_an_error() =>
        FailsAfter(S000, "R9-FISCAL-SCOPE", p => p.Tables.Zc.Rows[3].Project = "500.00", Severity.Error, TableKey.Zc, "2010302", "project");

    [Fact]
    public void R9_unit_with_other_income_spending_less_in_ZC_than_in_GF_is_an_error()
    {
        FailsAfter(S000, "R9-FISCAL-SCOPE", p =>
        {
            p.Tables.Sz.Income[4].Amount = "10.00";
            p.Tables.Zc.Rows[2].Total = "1000.77";
        }, Severity.Error, TableKey.Gf, "2010301", "total");
    }

    [Fact]
    public void R10_CZ_government_fund_spending_without_it_in_JJ_is_an_error() =>
        FailsAfter(S000, "R10-JJ-CZ", p => p.Tables.Cz.ExpenditureTotal.GovernmentFund = "10.00", Severity.Error, TableKey.Jj, column: "total");

    [Fact]
    public void R10_CZ_state_capital_spending_without_a_GZ_table_is_an_error() =>
        FailsAfter(S000, "R10-GZ-CZ", p => p.Tables.Cz.ExpenditureTotal.StateCapital = "5.00", Severity.Error, TableKey.Gz);

    [Fact]
    public void R11_XM_total_not_equal_to_its_projects_is_an_error()
    {
        var finding = FailsAfterWithProjects("R11-XM-TOTAL", xm => xm.Rows[0].Amount = "410.00", TableKey.Xm, column: "amount");
        Assert.Equal("600.00", finding.Expected);
        Assert.Equal("590.00", finding.Actual);
    }

    [Fact]
    public void R11_project_on_a_function_code_the_expenditure_table_lacks_is_an_error() =>
        FailsAfterWithProjects("R11-XM-FUNCTION", xm => xm.Rows[1].FunctionCode = "2010399", TableKey.Xm, "2010399", "function_code");

    [Fact]
    public void R12_CG_detail_changed_breaks_the_total_and_the_unit_subtotal() =>
        FailsAfter(S000, "R12-CG-TOTAL", p => p.Tables.Cg.Rows[2].GeneralBudget = "0.90", Severity.Error, TableKey.Cg, "50306", "total");

    [Fact]
    public void R12_procurement_above_total_expenditure_is_an_error()
    {
        var package = Seeds.Load(S000);
        package.Tables.Cg.TotalRow.Total = "3000.00";
        var result = Run("R12-CG-CEILING", package);
        Assert.Equal(Outcome.Fail, result.Outcome);
        Assert.Equal("3000.00", Assert.Single(result.Findings).Actual);
    }

    [Fact]
    public void R17_missing_national_table_is_an_error() =>
        FailsAfter(S000, "R17-NATIONAL-TABLES", p => p.Tables.Sg = null, Severity.Error, TableKey.Sg);

    [Fact]
    public void R17_missing_local_table_is_a_warning()
    {
        Assert.DoesNotContain(Run("R17-LOCAL-TABLES", Seeds.Load(S000)).Findings, f => f.Locations.Any(l => l.Table == TableKey.Cg));
        var package = Seeds.Load(S000);
        package.Tables.Cg = null;
        var result = Run("R17-LOCAL-TABLES", package);
        Assert.Equal(Outcome.Fail, result.Outcome);
        Assert.Contains(result.Findings, f => f.Severity == Severity.Warning && f.Locations.Single().Table == TableKey.Cg);
    }

    [Fact]
    public void R17_national_table_without_title_is_an_error() =>
        FailsAfter(S000, "R17-TABLE-HEADER", p => p.Tables.Gf.Meta.PrintedTitle = string.Empty, Severity.Error, TableKey.Gf, column: "printed_title");

    [Fact]
    public void R18_empty_table_without_its_note_is_a_warning_when_the_narrative_explains() =>
        FailsAfter(S001, "R18-EMPTY-EXPLANATION", p => p.Tables.Jj.Meta.EmptyExplanation = string.Empty, Severity.Warning, TableKey.Jj, column: "empty_explanation");

    [Fact]
    public void R18_empty_table_explained_nowhere_is_an_error() =>
        FailsAfter(S001, "R18-EMPTY-EXPLANATION", p =>
        {
            p.Tables.Jj.Meta.EmptyExplanation = string.Empty;
            p.Narrative.Text = p.Narrative.Text.Replace("无使用政府性基金", "使用政府性基金", StringComparison.Ordinal);
        }, Severity.Error, TableKey.Jj, column: "empty_explanation");

    [Fact]
    public void R18_table_labelled_empty_but_carrying_an_amount_is_an_error() =>
        FailsAfter(S000, "R18-EMPTY-STATE", p => p.Tables.Jj.TotalRow.Total = "5.00", Severity.Error, TableKey.Jj);

    [Fact]
    public void R20_template_residue_in_a_value_cell_is_an_error()
    {
        var finding = FailsAfter(S000, "R20-RESIDUE-CELL", p => p.Tables.Gf.Rows[3].Project = "XX", Severity.Error, TableKey.Gf, "2010302", "project");
        Assert.Equal("XX", finding.Actual);
    }

    [Fact]
    public void R20_stray_punctuation_as_a_value_is_an_error() =>
        FailsAfter(S002, "R20-RESIDUE-CELL", p => p.Tables.Jb.Rows[4].PublicUse = ".", Severity.Error, TableKey.Jb, "30106", "public_use");

    [Fact]
    public void R20_template_residue_in_a_row_name_is_a_warning() =>
        FailsAfter(S000, "R20-RESIDUE-LABEL", p => p.Tables.Jb.Rows[1].Name = "XX工资", Severity.Warning, TableKey.Jb, "30101", "name");

    [Fact]
    public void R21_table_title_of_another_year_is_a_warning()
    {
        var finding = FailsAfter(S000, "R21-TABLE-YEAR", p => p.Tables.Sg.Meta.PrintedTitle = "2024年九龙坡区人民政府办公室（本级）一般公共预算“三公”经费支出表", Severity.Warning, TableKey.Sg, column: "printed_title");
        Assert.Equal("2025", finding.Expected);
        Assert.Equal("2024", finding.Actual);
    }

    [Fact]
    public void R21_prior_year_column_not_of_year_N_minus_1_is_a_warning() =>
        FailsAfter(S001, "R21-TABLE-YEAR", p => p.Tables.Gf.PriorYear = 2023, Severity.Warning, TableKey.Gf, column: "prior_year");

    [Fact]
    public void R22_table_with_amounts_and_no_unit_is_an_error() =>
        FailsAfter(S000, "R22-UNIT-DECLARED", p => p.Tables.Jbg.Meta.Unit = AmountUnit.Unspecified, Severity.Error, TableKey.Jbg, column: "unit");

    [Fact]
    public void R22_yuan_table_labelled_ten_thousand_yuan_is_an_error()
    {
        var finding = FailsAfter(S002, "R22-MAGNITUDE", p => p.Tables.Zt.Meta.Unit = AmountUnit.TenThousandYuan, Severity.Error, TableKey.Zt, column: "total_funds");
        Assert.Contains("疑似把元当作万元", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void R22_ten_thousand_yuan_figure_labelled_yuan_is_an_error() =>
        FailsAfter(S000, "R22-MAGNITUDE", p => p.Tables.Gf.Meta.Unit = AmountUnit.Yuan, Severity.Error, TableKey.Gf, column: "total");

    /// <summary>Seed 000 with a project list (XM) that matches its 590 万元 of projects, then one change.</summary>
    private static Finding FailsAfterWithProjects(string ruleId, Action<ProjectListTable> change, TableKey table, string rowCode = "", string column = "")
    {
        static BudgetPackage WithProjects()
        {
            var package = Seeds.Load(S000);
            var xm = new ProjectListTable { Meta = new TableMeta { PrintedTitle = "2025年项目支出明细表", AnnexLabel = "附件14", Unit = AmountUnit.TenThousandYuan, State = TableState.Rows }, Total = "590.00" };
            xm.Rows.Add(new ProjectRow { ProjectCode = "50010722T000000088982", ProjectName = "区政府重要会议活动经费", FunctionCode = "2010302", FunctionName = "一般行政管理事务", Amount = "400.00" });
            xm.Rows.Add(new ProjectRow { ProjectCode = "50010722T000000110810", ProjectName = "重大课题调研经费", FunctionCode = "2010302", FunctionName = "一般行政管理事务", Amount = "190.00" });
            package.Tables.Xm = xm;
            return package;
        }

        Assert.Equal(Outcome.Pass, Run(ruleId, WithProjects()).Outcome);
        var package = WithProjects();
        change(package.Tables.Xm);
        var result = Run(ruleId, package);
        Assert.Equal(Outcome.Fail, result.Outcome);
        return result.Findings.First(f => f.Severity == Severity.Error && f.Locations.Any(l => l.Table == table && (rowCode.Length == 0 || l.RowCode == rowCode) && (column.Length == 0 || l.Column == column)));
    }
}
