using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.Testing;
using static BudgetMesh.Reconciler.Tests.Rules.RuleAssertions;

namespace BudgetMesh.Reconciler.Tests.Rules;

/// <summary>
/// R6 and R9 read Shanghai's forms: SZ's "一、财政拨款收入" line above its fund lines, SR's one 财政拨款收入 column,
/// SZ expenditure lines split into 人员经费/公用经费/项目支出. Real documents pass; one changed figure fails.
/// </summary>
public sealed class ShanghaiFormsTests
{
    public static TheoryData<string> CorpusIds => [.. Corpus.All];

    [Theory]
    [MemberData(nameof(CorpusIds))]
    public void The_Shanghai_documents_pass_R6_and_R9(string id)
    {
        foreach (var rule in (string[])["R6-SZ-BALANCE", "R6-SR-SOURCES", "R9-SZ-SR", "R9-SZ-ZC", "R9-FISCAL-SCOPE", "R7-CZ-GF", "R10-JJ-CZ", "R10-GZ-CZ"])
        {
            var result = Run(rule, Corpus.Load(id));
            Assert.True(result.Outcome is Outcome.Pass or Outcome.NotApplicable, $"{id} {rule}: {result.Outcome} {string.Join(" | ", result.Findings.Select(f => f.Message))}");
            Assert.DoesNotContain(result.Findings, f => f.Severity is Severity.Error or Severity.Warning);
        }
    }

    [Fact]
    public void R6_SZ_the_fiscal_appropriation_line_is_counted_once_not_with_its_funds_again()
    {
        // 政府办 2025: 一、财政拨款收入 91,016,775.35 = 1. 一般公共预算资金 91,016,775.35; 收入总计 91,016,775.35.
        var result = Run("R6-SZ-BALANCE", Corpus.Load(Corpus.PutuoGovOffice2025));
        Assert.Equal(Outcome.Pass, result.Outcome);
    }

    [Fact]
    public void R6_SZ_a_fiscal_appropriation_line_that_is_not_the_sum_of_its_funds_is_an_error()
    {
        var package = Corpus.Load(Corpus.PutuoGovOffice2025);
        package.Tables.Sz.Income[1].Amount = "91016675.35";
        var result = Run("R6-SZ-BALANCE", package);
        var finding = Assert.Single(result.Findings, f => f.Severity == Severity.Error);
        Assert.Equal("一、财政拨款收入", finding.Locations[0].Label);
        Assert.Equal("100.00", finding.Difference);
    }

    [Fact]
    public void R6_SZ_institution_income_counts_towards_the_total_whatever_its_numbering()
    {
        // "二、事业收入" is a source line, not a subtotal: 100 元 of it breaks a total that leaves it out.
        var package = Corpus.Load(Corpus.PutuoGovOffice2025);
        package.Tables.Sz.Income[4].Amount = "100.00";
        var finding = Assert.Single(Run("R6-SZ-BALANCE", package).Findings, f => f.Severity == Severity.Error);
        Assert.Equal("income_total", finding.Locations[0].Column);
    }

    [Fact]
    public void R6_SZ_expenditure_lines_split_into_parts_are_read_as_their_sum()
    {
        var package = Corpus.Load(Corpus.PutuoGovOffice2025);
        var line = package.Tables.Sz.Expenditure[2]; // 三、卫生健康支出 1,097,073.43
        line.ClearAmount();
        line.Personnel = "1097073.43";
        line.PublicUse = "0";
        Assert.Equal(Outcome.Pass, Run("R6-SZ-BALANCE", package).Outcome);
        line.PublicUse = "1.00";
        Assert.Contains(Run("R6-SZ-BALANCE", package).Findings, f => f.Severity == Severity.Error && f.Locations[0].Column == "expenditure_total");
    }

    [Fact]
    public void R6_SR_a_row_whose_fiscal_appropriation_column_differs_from_its_total_is_an_error()
    {
        var package = Corpus.Load(Corpus.PutuoGovOffice2025);
        package.Tables.Sr.Rows[0].FiscalAppropriation = "82096787.42";
        var finding = Assert.Single(Run("R6-SR-SOURCES", package).Findings, f => f.Severity == Severity.Error);
        Assert.Contains(finding.Locations, l => l.Table == TableKey.Sr && l.RowCode == "201" && l.Column == "fiscal_appropriation");
    }

    [Fact]
    public void R6_SR_a_Chongqing_row_with_split_fund_columns_still_adds_them_up() =>
        FailsAfter(Seeds.Jiulongpo2025, "R6-SR-SOURCES", p => p.Tables.Sr.Rows[0].GeneralBudget = "1.00", Severity.Error, TableKey.Sr, column: "general_budget");

    [Fact]
    public void R9_SZ_SR_the_fiscal_appropriation_line_is_compared_with_the_single_column()
    {
        var package = Corpus.Load(Corpus.PutuoGovOffice2025);
        package.Tables.Sr.TotalRow.FiscalAppropriation = "91016776.35";
        var finding = Assert.Single(Run("R9-SZ-SR", package).Findings, f => f.Severity == Severity.Error);
        Assert.Contains(finding.Locations, l => l.Table == TableKey.Sr && l.Column == "fiscal_appropriation");
        Assert.Contains(finding.Locations, l => l.Table == TableKey.Sz && l.Label == "一、财政拨款收入");
    }

    [Fact]
    public void R9_SZ_SR_fund_lines_without_a_fiscal_line_are_compared_as_their_sum()
    {
        var package = Corpus.Load(Corpus.PutuoGovOffice2025);
        package.Tables.Sz.Income.RemoveAt(0);
        Assert.Equal(Outcome.Pass, Run("R9-SZ-SR", package).Outcome);
        package.Tables.Sz.Income[0].Amount = "91016777.35";
        Assert.Contains(Run("R9-SZ-SR", package).Findings, f => f.Severity == Severity.Error && f.Locations.Any(l => l.Column == "fiscal_appropriation"));
    }

    [Fact]
    public void R5_Wanli_2024s_codes_printed_301_2_and_301_7_stay_in_their_class_and_its_sums_hold()
    {
        // JB prints "301 2 津贴补贴 16,623,810" and "301 7 绩效工资 11,447,100" under 301: the code is Classification's
        // finding (C3); the sums of 301 and of the 合计 row are right and give no error.
        var package = Corpus.Load(Corpus.PutuoWanli2024);
        Assert.Equal(Outcome.Pass, Run("R5-HIERARCHY", package).Outcome);

        var row = package.Tables.Jb.Rows.Single(r => r.Code == "3012");
        row.Total = "16623820";
        Assert.Contains(Run("R5-HIERARCHY", package).Findings, f => f.Severity == Severity.Error && f.Locations.Any(l => l.RowCode == "3012" && l.Column == "total"));
    }
}
