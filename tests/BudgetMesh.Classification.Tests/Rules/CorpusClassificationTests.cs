using BudgetMesh.Classification.Renames;
using BudgetMesh.Classification.Rules;
using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Classification.V1;
using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.Testing;

namespace BudgetMesh.Classification.Tests.Rules;

/// <summary>
/// The classification rules on the real Shanghai documents: 政府办 2025 clean, 万里 2024's JB codes printed
/// "301 2"/"301 7", 司法局 2026's old class name 医疗卫生与计划生育支出 — and one-figure mutations of them.
/// </summary>
public sealed class CorpusClassificationTests
{
    private static IReadOnlyList<RuleResult> Check(BudgetPackage package) =>
        ClassificationRules.Check(package, Seeds.Catalog(package.Header.BudgetYear));

    private static IEnumerable<Finding> Findings(BudgetPackage package, Severity severity) =>
        Check(package).SelectMany(r => r.Findings).Where(f => f.Severity == severity);

    [Fact]
    public void The_consistent_document_gives_no_error()
    {
        var package = Corpus.Load(Corpus.PutuoGovOffice2025);
        Assert.Empty(Findings(package, Severity.Error));
        Assert.Equal(Outcome.Pass, Check(package).Single(r => r.RuleId == RuleIds.FormerName).Outcome);

        // SZ and CZ print their 类 lines numbered ("一、一般公共服务支出"): the number is not part of the name.
        Assert.Empty(Check(package).Single(r => r.RuleId == RuleIds.NameMismatch).Findings);
    }

    [Fact]
    public void A_numbered_SZ_line_with_another_name_is_still_a_mismatch()
    {
        var package = Corpus.Load(Corpus.PutuoGovOffice2025);
        package.Tables.Sz.Expenditure[0].Name = "一、一般公共预算支出";
        var finding = Assert.Single(Check(package).Single(r => r.RuleId == RuleIds.NameMismatch).Findings);
        Assert.Equal((TableKey.Sz, "201"), (finding.Locations[0].Table, finding.Locations[0].RowCode));
    }

    [Fact]
    public void Wanli_2024s_codes_printed_301_2_and_301_7_are_errors_at_their_rows_with_the_likely_code()
    {
        var package = Corpus.Load(Corpus.PutuoWanli2024);
        var level = Check(package).Single(r => r.RuleId == RuleIds.Level);
        var wrong = level.Findings.Where(f => f.Severity == Severity.Error).ToList();
        Assert.Equal(["3012", "3017"], wrong.Select(f => f.Locations[0].RowCode));
        Assert.All(wrong, f => Assert.Equal(TableKey.Jb, f.Locations[0].Table));
        Assert.Contains("疑为 30102", wrong[0].Message, StringComparison.Ordinal);
        Assert.Contains("疑为 30107", wrong[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_code_of_the_consistent_document_printed_without_its_zero_is_a_C3_error_naming_the_likely_code()
    {
        // 政府办 2025 prints "30102 津贴补贴" correctly (C3 passes); printed as 万里 2024 does, "3012", it is caught.
        var package = Corpus.Load(Corpus.PutuoGovOffice2025);
        Assert.Equal(Outcome.Pass, Check(package).Single(r => r.RuleId == RuleIds.Level).Outcome);
        var row = package.Tables.Jb.Rows.Select((r, i) => (r, i)).Single(x => x.r.Code == "30102");
        row.r.Code = "3012";

        var level = Check(package).Single(r => r.RuleId == RuleIds.Level);

        Assert.Equal(Outcome.Fail, level.Outcome);
        var finding = Assert.Single(level.Findings, f => f.Severity == Severity.Error);
        Assert.Equal((TableKey.Jb, "3012", row.i), (finding.Locations[0].Table, finding.Locations[0].RowCode, finding.Locations[0].RowIndex));
        Assert.Contains("疑为 30102", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Justice_2026s_old_class_name_in_its_narrative_is_a_warning_citing_the_rename()
    {
        // "11、医疗卫生与计划生育支出（210类）行政事业单位医疗（11款）行政单位医疗（01项）114.97万元。"
        var package = Corpus.Load(Corpus.PutuoJustice2026);
        var result = Check(package).Single(r => r.RuleId == RuleIds.FormerName);
        var finding = Assert.Single(result.Findings);
        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Equal("卫生健康支出", finding.Expected);
        Assert.Equal("医疗卫生与计划生育支出", finding.Actual);
        var span = finding.Locations[0].Span;
        Assert.Equal(TableKey.Nar, finding.Locations[0].Table);
        Assert.StartsWith("11、医疗卫生与计划生育支出（210类）", package.Narrative.Text.Substring(span.Start, span.Length), StringComparison.Ordinal);
        Assert.Contains("2019", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_old_class_name_printed_in_a_table_is_the_former_name_rule_not_a_mismatch()
    {
        var package = Corpus.Load(Corpus.PutuoGovOffice2025);
        var row = package.Tables.Gf.Rows.Select((r, i) => (r, i)).Single(x => x.r.Code == "210");
        row.r.Name = "医疗卫生与计划生育支出";
        var results = Check(package);
        var finding = Assert.Single(results.Single(r => r.RuleId == RuleIds.FormerName).Findings);
        Assert.Equal((TableKey.Gf, "210", row.i, "name"), (finding.Locations[0].Table, finding.Locations[0].RowCode, finding.Locations[0].RowIndex, finding.Locations[0].Column));
        Assert.Empty(results.Single(r => r.RuleId == RuleIds.NameMismatch).Findings);
    }

    [Fact]
    public void A_name_current_in_its_own_year_is_not_outdated()
    {
        var renames = FormerNames.BuiltIn;
        Assert.Null(renames.Outdated(Scheme.Function, "210", "医疗卫生与计划生育支出", 2018));
        Assert.NotNull(renames.Outdated(Scheme.Function, "210", "医疗卫生与计划生育支出", 2019));
        Assert.NotNull(renames.Outdated(Scheme.Function, "210", "三、医疗卫生与计划生育支出", 2025));
        Assert.Null(renames.Outdated(Scheme.Function, "210", "卫生健康支出", 2025));
    }

    [Theory]
    [InlineData("主要用于医疗卫生与计划生育支出（210类）行政事业单位医疗", true)]
    [InlineData("“医疗卫生与计划生育支出-行政事业单位医疗-行政单位医疗”科目", true)]
    [InlineData("加强医疗卫生与计划生育支出管理的宣传", false)]
    public void The_narrative_is_held_to_a_former_name_only_where_it_names_the_class(string text, bool names)
    {
        var rename = FormerNames.BuiltIn.All.Single(r => r.FormerName == "医疗卫生与计划生育支出");
        Assert.Equal(names, C8FormerNames.NamesTheClass(text, text.IndexOf(rename.FormerName, StringComparison.Ordinal), rename));
    }

    [Fact]
    public void A_renames_file_without_a_source_is_refused() =>
        Assert.Contains("来源", Assert.Throws<InvalidDataException>(() => FormerNames.Parse("scheme,code,former_name,name,renamed_in,source\nfunction,210,甲,乙,2019,\n")).Message, StringComparison.Ordinal);
}
