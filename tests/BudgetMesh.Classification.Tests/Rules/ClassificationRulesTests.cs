using BudgetMesh.Classification.Rules;
using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Report.V1;

namespace BudgetMesh.Classification.Tests.Rules;

public sealed class ClassificationRulesTests
{
    private static IReadOnlyList<RuleResult> Check(BudgetPackage package) =>
        ClassificationRules.Check(package, Seeds.Catalog(package.Header.BudgetYear));

    private static RuleResult Rule(IReadOnlyList<RuleResult> results, string id) => results.Single(r => r.RuleId == id);

    [Theory]
    [InlineData(Seeds.Seed000)]
    [InlineData(Seeds.Seed001)]
    [InlineData(Seeds.Seed002)]
    public void Every_rule_answers_once_in_catalog_order_for_every_seed(string seed)
    {
        var results = Check(Seeds.Load(seed));
        Assert.Equal(RuleIds.All.Select(r => r.Id), results.Select(r => r.RuleId));
        Assert.All(results, r => Assert.Equal("classification", r.Owner));
        Assert.All(results, r => Assert.NotEqual(Outcome.Unspecified, r.Outcome));
    }

    [Theory]
    [InlineData(Seeds.Seed000)]
    [InlineData(Seeds.Seed002)]
    public void Every_coded_row_of_seeds_000_and_002_validates(string seed)
    {
        var results = Check(Seeds.Load(seed));
        foreach (var id in new[] { RuleIds.UnknownCode, RuleIds.NameMismatch, RuleIds.CodeDomain })
        {
            Assert.Equal(Outcome.Pass, Rule(results, id).Outcome);
        }
    }

    [Fact]
    public void Seed_001_validates_except_the_real_mislabel_of_class_201_in_CZ()
    {
        var results = Check(Seeds.Load(Seeds.Seed001));
        Assert.Equal(Outcome.Pass, Rule(results, RuleIds.UnknownCode).Outcome);
        Assert.Equal(Outcome.Pass, Rule(results, RuleIds.CodeDomain).Outcome);

        var names = Rule(results, RuleIds.NameMismatch);
        Assert.Equal(Outcome.Fail, names.Outcome);
        var finding = Assert.Single(names.Findings);
        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Equal("一般公共服务支出", finding.Expected);
        Assert.Equal("一般公共预算支出", finding.Actual);
        var location = Assert.Single(finding.Locations);
        Assert.Equal((TableKey.Cz, "201", "name", 0), (location.Table, location.RowCode, location.Column, location.RowIndex));
    }

    [Fact]
    public void No_seed_has_an_error_from_C1_or_C2()
    {
        foreach (var seed in Seeds.All)
        {
            var results = Check(Seeds.Load(seed));
            Assert.DoesNotContain(results.Where(r => r.RuleId is RuleIds.UnknownCode or RuleIds.NameMismatch).SelectMany(r => r.Findings), f => f.Severity == Severity.Error);
        }
    }

    [Fact]
    public void Names_of_301_shifted_one_row_are_reported_row_by_row_as_belonging_to_the_row_above()
    {
        var package = Seeds.Load(Seeds.Seed000);
        var rows = package.Tables.Jb.Rows;
        var items = Enumerable.Range(0, rows.Count).Where(i => rows[i].Code.StartsWith("301", StringComparison.Ordinal) && rows[i].Code.Length == 5).ToList();
        var names = items.Select(i => rows[i].Name).ToList();
        for (var k = 1; k < items.Count; k++)
        {
            rows[items[k]].Name = names[k - 1];
        }

        var findings = Rule(Check(package), RuleIds.NameMismatch).Findings;
        Assert.Equal(items.Count - 1, findings.Count);
        for (var k = 1; k < items.Count; k++)
        {
            var finding = findings[k - 1];
            var above = rows[items[k - 1]].Code;
            Assert.Equal(Severity.Error, finding.Severity);
            Assert.Equal(rows[items[k]].Code, finding.Locations[0].RowCode);
            Assert.Equal(items[k], finding.Locations[0].RowIndex);
            Assert.Equal($"名称属于 {above}", finding.Locations[0].Label);
            Assert.Contains($"是 {above} 的名称", finding.Message, StringComparison.Ordinal);
        }

        Assert.Contains("30102 印的名称“基本工资”是 30101 的名称", findings[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_item_in_an_incomplete_class_is_a_warning_and_in_a_complete_one_an_error()
    {
        var package = Seeds.Load(Seeds.Seed000);
        package.Tables.Gf.Rows.Single(r => r.Code == "2010302").Code = "2010304";
        package.Tables.Jb.Rows.Single(r => r.Code == "30114").Code = "30115";

        var findings = Rule(Check(package), RuleIds.UnknownCode).Findings;
        var incomplete = findings.Single(f => f.Locations[0].RowCode == "2010304");
        Assert.Equal(Severity.Warning, incomplete.Severity);
        Assert.Contains("不在已知目录中", incomplete.Message, StringComparison.Ordinal);
        var complete = findings.Single(f => f.Locations[0].RowCode == "30115");
        Assert.Equal(Severity.Error, complete.Severity);
        Assert.Equal(TableKey.Jb, complete.Locations[0].Table);
    }

    [Fact]
    public void A_code_of_no_level_length_is_an_error_and_a_leaf_above_item_level_a_warning()
    {
        var package = Seeds.Load(Seeds.Seed000);
        package.Tables.Gf.Rows.Single(r => r.Code == "2010301").Code = "201030";
        var zc = package.Tables.Zc.Rows;
        foreach (var item in zc.Where(r => r.Code.StartsWith("22102", StringComparison.Ordinal) && r.Code.Length == 7).ToList())
        {
            zc.Remove(item);
        }

        var findings = Rule(Check(package), RuleIds.Level).Findings;
        Assert.Contains(findings, f => f.Severity == Severity.Error && f.Locations[0].RowCode == "201030" && f.Locations[0].Table == TableKey.Gf);
        var leaf = Assert.Single(findings, f => f.Severity == Severity.Warning);
        Assert.Equal((TableKey.Zc, "22102"), (leaf.Locations[0].Table, leaf.Locations[0].RowCode));
    }

    [Fact]
    public void A_child_row_without_its_parent_row_is_a_warning()
    {
        // Seed 001's 部门收入总表 is a fragment that lost its first rows, 20103 among them.
        var findings = Rule(Check(Seeds.Load(Seeds.Seed001)), RuleIds.Parent).Findings;
        Assert.Equal(["2010306", "2010350", "2010399"], findings.Select(f => f.Locations[0].RowCode));
        Assert.All(findings, f => Assert.Equal((Severity.Warning, TableKey.Sr, "20103"), (f.Severity, f.Locations[0].Table, f.Expected)));

        Assert.Equal(Outcome.Pass, Rule(Check(Seeds.Load(Seeds.Seed000)), RuleIds.Parent).Outcome);
    }

    [Fact]
    public void A_code_of_another_scheme_in_a_table_is_an_error()
    {
        var package = Seeds.Load(Seeds.Seed000);
        package.Tables.Jb.Rows.Single(r => r.Code == "30113").Code = "50103";
        var finding = Assert.Single(Rule(Check(package), RuleIds.CodeDomain).Findings);
        Assert.Equal(Severity.Error, finding.Severity);
        Assert.Equal((TableKey.Jb, "50103", "code"), (finding.Locations[0].Table, finding.Locations[0].RowCode, finding.Locations[0].Column));
    }

    [Fact]
    public void Procurement_codes_are_checked_column_by_column()
    {
        var package = Seeds.Load(Seeds.Seed000);
        package.Tables.Cg.Rows[1].DeptEconomicCode = "50201";
        var finding = Assert.Single(Rule(Check(package), RuleIds.CodeDomain).Findings);
        Assert.Equal((TableKey.Cg, "dept_economic_code", 1), (finding.Locations[0].Table, finding.Locations[0].Column, finding.Locations[0].RowIndex));
        Assert.Equal(package.Tables.Cg.Rows[1].ProjectCode, finding.Locations[0].Project);
    }

    [Fact]
    public void For_an_agency_JB_mapped_through_the_table_equals_JBG()
    {
        var result = Rule(Check(Seeds.Load(Seeds.Seed000)), RuleIds.EconomicMapping);
        Assert.Equal(Outcome.Pass, result.Outcome);
        Assert.DoesNotContain(result.Findings, f => f.Severity != Severity.Info);
    }

    [Fact]
    public void A_JBG_line_that_differs_from_the_mapped_JB_lines_is_a_warning_with_the_numbers()
    {
        var package = Seeds.Load(Seeds.Seed000);
        var row = package.Tables.Jbg.Rows.Single(r => r.Code == "50103");
        row.Amount = (decimal.Parse(row.Amount, System.Globalization.CultureInfo.InvariantCulture) + 1m).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);

        var result = Rule(Check(package), RuleIds.EconomicMapping);
        Assert.Equal(Outcome.Fail, result.Outcome);
        var finding = Assert.Single(result.Findings, f => f.Severity == Severity.Warning);
        Assert.Equal("1.00", finding.Difference);
        Assert.Equal("万元", finding.Unit);
        Assert.Equal((TableKey.Jbg, "50103"), (finding.Locations[0].Table, finding.Locations[0].RowCode));
        Assert.Contains(finding.Locations, l => l.Table == TableKey.Jb && l.RowCode == "30113");
    }

    [Theory]
    [InlineData(Seeds.Seed001)]
    [InlineData(Seeds.Seed002)]
    public void Units_with_public_institution_parts_are_not_applicable_to_the_agency_mapping(string seed)
    {
        var result = Rule(Check(Seeds.Load(seed)), RuleIds.EconomicMapping);
        Assert.Equal(Outcome.NotApplicable, result.Outcome);
        Assert.NotEmpty(result.Note);
    }

    [Fact]
    public void A_personnel_item_printed_under_public_use_is_a_warning()
    {
        // Seed 000 prints 30106 伙食补助费 and part of 30305/30307 (303 items) under 日常公用经费.
        var result = Rule(Check(Seeds.Load(Seeds.Seed000)), RuleIds.JbPlacement);
        Assert.Equal(Outcome.Fail, result.Outcome);
        Assert.Equal(["30106", "30305", "30307"], result.Findings.Select(f => f.Locations[0].RowCode));
        Assert.All(result.Findings, f => Assert.Equal((Severity.Warning, TableKey.Jb, "public_use"), (f.Severity, f.Locations[0].Table, f.Locations[0].Column)));
        Assert.Contains("59.33万元", result.Findings[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unreadable_amount_makes_the_placement_rule_ask_for_review_never_read_as_zero()
    {
        var package = Seeds.Load(Seeds.Seed002);
        package.Tables.Jb.Rows.Single(r => r.Code == "30201").Personnel = "XX";
        var result = Rule(Check(package), RuleIds.JbPlacement);
        Assert.Contains(result.Findings, f => f.Actual == "XX" && f.Locations[0].Column == "personnel");
        Assert.NotEqual(Outcome.Pass, result.Outcome);
    }

    [Fact]
    public void A_package_without_coded_tables_is_not_applicable()
    {
        var results = Check(new BudgetPackage { Header = new PackageHeader { BudgetYear = 2025 } });
        Assert.All(results, r => Assert.Equal(Outcome.NotApplicable, r.Outcome));
    }
}
