using BudgetMesh.Classification.Rules;
using BudgetMesh.Classification.Validation;
using BudgetMesh.Contracts.Classification.V1;
using BudgetMesh.Contracts.Report.V1;

namespace BudgetMesh.Classification.Tests.Validation;

public sealed class LineValidatorTests
{
    private static LineCheck Check(string code, string name, TableKey table = TableKey.Gf, Scheme scheme = Scheme.Unspecified) =>
        LineValidator.Validate(new CodedLine(scheme, code, name, table, 0), Seeds.Catalog());

    [Theory]
    [InlineData("2010301", "行政运行", TableKey.Gf)]
    [InlineData("  2010301", "  行政运行", TableKey.Zc)]
    [InlineData("20103", "政府办公厅(室)及相关机 构事务", TableKey.Zc)]
    [InlineData("30213", "维修(护)费", TableKey.Xmj)]
    [InlineData("503", "机关资本性支出", TableKey.Xmg)]
    [InlineData("503", "机关资本性支出（一）", TableKey.Xmg)]
    public void A_known_code_with_its_name_as_printed_is_ok(string code, string name, TableKey table)
    {
        var check = Check(code, name, table);
        Assert.Equal(LineVerdict.Ok, check.Verdict);
        Assert.Equal(Severity.Unspecified, check.Severity);
    }

    [Fact]
    public void An_unknown_code_in_an_incomplete_branch_is_unknown_to_us_not_wrong()
    {
        var check = Check("2010304", "专项服务");
        Assert.Equal(LineVerdict.UnknownCode, check.Verdict);
        Assert.Equal(Severity.Warning, check.Severity);
        Assert.False(check.CatalogComplete);
        Assert.Equal(RuleIds.UnknownCode, check.RuleId);
        Assert.Contains("不在已知目录中", check.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("30115", TableKey.Jb)]
    [InlineData("235", TableKey.Gf)]
    public void An_unknown_code_in_a_complete_branch_is_an_error(string code, TableKey table)
    {
        var check = Check(code, "某支出", table);
        Assert.Equal(LineVerdict.UnknownCode, check.Verdict);
        Assert.Equal(Severity.Error, check.Severity);
        Assert.True(check.CatalogComplete);
        Assert.DoesNotContain("不在已知目录中", check.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_code_whose_parent_is_unknown_too_names_the_missing_parent()
    {
        var check = Check("2240101", "行政运行");
        Assert.Equal(LineVerdict.MissingParent, check.Verdict);
        Assert.Equal(Severity.Warning, check.Severity);
        Assert.Contains("22401", check.Message, StringComparison.Ordinal);

        var wrongClass = Check("2350101", "行政运行");
        Assert.Equal(LineVerdict.MissingParent, wrongClass.Verdict);
        Assert.Equal(Severity.Error, wrongClass.Severity);
    }

    [Fact]
    public void A_name_that_is_no_catalog_name_is_a_warning_with_the_expected_name()
    {
        var check = Check("201", "一般公共预算支出", TableKey.Cz);
        Assert.Equal(LineVerdict.NameMismatch, check.Verdict);
        Assert.Equal(Severity.Warning, check.Severity);
        Assert.Equal("一般公共服务支出", check.ExpectedName);
        Assert.Equal(string.Empty, check.NameBelongsTo);
    }

    [Theory]
    [InlineData("30102", "基本工资", TableKey.Jb, "30101")]
    [InlineData("2010302", "行政运行", TableKey.Gf, "2010301")]
    [InlineData("504", "机关资本性支出", TableKey.Xmg, "503")]
    public void A_name_of_another_code_is_a_shifted_row_and_an_error(string code, string name, TableKey table, string owner)
    {
        var check = Check(code, name, table);
        Assert.Equal(LineVerdict.NameMismatch, check.Verdict);
        Assert.Equal(Severity.Error, check.Severity);
        Assert.Equal(owner, check.NameBelongsTo);
        Assert.Contains($"是 {owner} 的名称", check.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("30101", "基本工资", TableKey.Gf)]
    [InlineData("2010301", "行政运行", TableKey.Jb)]
    [InlineData("50101", "工资奖金津补贴", TableKey.Xmj)]
    [InlineData("10101", "税收收入", TableKey.Gf)]
    public void A_code_of_another_scheme_than_the_table_is_the_wrong_scheme(string code, string name, TableKey table)
    {
        var check = Check(code, name, table);
        Assert.Equal(LineVerdict.WrongScheme, check.Verdict);
        Assert.Equal(Severity.Error, check.Severity);
        Assert.Equal(RuleIds.CodeDomain, check.RuleId);
    }

    [Fact]
    public void Procurement_lines_take_the_scheme_of_their_column()
    {
        Assert.Equal(LineVerdict.Ok, Check("50201", "办公经费", TableKey.Cg, Scheme.GovernmentEconomic).Verdict);
        Assert.Equal(LineVerdict.WrongScheme, Check("30201", "办公费", TableKey.Cg, Scheme.GovernmentEconomic).Verdict);
    }

    [Theory]
    [InlineData("2010", TableKey.Gf)]
    [InlineData("201030", TableKey.Gf)]
    [InlineData("3010101", TableKey.Jb)]
    [InlineData("", TableKey.Gf)]
    [InlineData("2O103", TableKey.Gf)]
    public void A_code_of_no_level_length_or_no_digits_is_the_wrong_level(string code, TableKey table)
    {
        var check = Check(code, "行政运行", table);
        Assert.Equal(LineVerdict.WrongLevel, check.Verdict);
        Assert.Equal(Severity.Error, check.Severity);
    }

    [Fact]
    public void A_batch_of_ten_thousand_lines_gets_one_verdict_per_line()
    {
        var catalog = Seeds.Catalog();
        var lines = Enumerable.Range(0, 10_000).Select(i => new CodedLine(Scheme.Unspecified, i % 2 == 0 ? "2010301" : "30102", i % 2 == 0 ? "行政运行" : "基本工资", i % 2 == 0 ? TableKey.Gf : TableKey.Jb, i)).ToList();
        var checks = lines.Select(l => LineValidator.Validate(l, catalog)).ToList();
        Assert.Equal(5_000, checks.Count(c => c.IsOk));
        Assert.Equal(5_000, checks.Count(c => c.NameBelongsTo == "30101"));
    }
}
