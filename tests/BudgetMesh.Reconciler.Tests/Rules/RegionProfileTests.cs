using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.Reconciler.Narrative;
using BudgetMesh.Reconciler.Rules;
using BudgetMesh.Reconciler.Rules.Profiles;
using BudgetMesh.Testing;
using static BudgetMesh.Reconciler.Tests.Rules.RuleAssertions;

namespace BudgetMesh.Reconciler.Tests.Rules;

/// <summary>
/// The regional profiles (Rules/Profiles/regions.json) and the rules they steer — R17, R1-CZ-SUBTOTALS, R19 — on
/// the real Shanghai documents (passing), on the Chongqing seeds, and on one-figure mutations of both (failing).
/// </summary>
public sealed class RegionProfileTests
{
    [Theory]
    [InlineData("310107", "shanghai")]
    [InlineData("500107", "chongqing")]
    [InlineData("500104", "chongqing")]
    [InlineData("440305", "national")]
    [InlineData("", "national")]
    public void A_package_is_held_to_the_profile_of_its_districts_province(string district, string profile) =>
        Assert.Equal(profile, RegionProfiles.For(district).Id);

    [Fact]
    public void Every_profile_requires_the_national_eight_tables() =>
        Assert.All(RegionProfiles.All, p => Assert.Equal(["SZ", "SR", "ZC", "CZ", "GF", "JB", "SG", "JJ"], p.RequiredTables.Select(t => t.ToString().ToUpperInvariant())));

    [Fact]
    public void A_profile_naming_an_unknown_table_or_section_is_refused()
    {
        var badTable = """{"profiles":[{"id":"national","name":"n","provinces":[],"basis":"b","requiredTables":["SZ","QQ"],"tableNumbering":"page","czRows":[]}]}"""u8.ToArray();
        Assert.Contains("QQ", Assert.Throws<InvalidDataException>(() => RegionProfiles.Parse(badTable)).Message, StringComparison.Ordinal);
        var badSection = """{"profiles":[{"id":"national","name":"n","provinces":[],"basis":"b","requiredTables":["SZ"],"tableNumbering":"page","czRows":[],"sections":[{"kind":"Nothing","name":"x","headings":["x"]}]}]}"""u8.ToArray();
        Assert.Contains("Nothing", Assert.Throws<InvalidDataException>(() => RegionProfiles.Parse(badSection)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(CorpusIds))]
    public void R17_national_every_Shanghai_document_prints_the_national_eight_and_one_removed_is_an_error(string id)
    {
        Assert.Equal(Outcome.Pass, Run("R17-NATIONAL-TABLES", Corpus.Load(id)).Outcome);
        var package = Corpus.Load(id);
        package.Tables.Jj = null;
        var finding = Assert.Single(Run("R17-NATIONAL-TABLES", package).Findings);
        Assert.Equal((Severity.Error, TableKey.Jj), (finding.Severity, finding.Locations[0].Table));
    }

    [Theory]
    [MemberData(nameof(CorpusIds))]
    public void A_Shanghai_document_is_not_held_to_Chongqings_local_tables(string id)
    {
        var result = Run("R17-LOCAL-TABLES", Corpus.Load(id));
        Assert.Equal(Outcome.Pass, result.Outcome);
        Assert.DoesNotContain(result.Findings, f => f.Locations.Any(l => l.Table is TableKey.Xm or TableKey.Xmj or TableKey.Xmg or TableKey.Zt or TableKey.Xj or TableKey.Cg or TableKey.Jbg));
    }

    [Fact]
    public void R17_local_a_Shanghai_document_without_its_state_capital_table_or_agency_operating_figure_is_warned()
    {
        var package = Corpus.Load(Corpus.PutuoGovOffice2025);
        package.Tables.Gz = null;
        package.Tables.Sg.CurrentYear.ClearAgencyOperating();
        var result = Run("R17-LOCAL-TABLES", package);
        Assert.Equal(Outcome.Fail, result.Outcome);
        Assert.Contains(result.Findings, f => f.Severity == Severity.Warning && f.Locations.Any(l => l.Table == TableKey.Gz));
        Assert.Contains(result.Findings, f => f.Severity == Severity.Warning && f.Locations.Any(l => l.Table == TableKey.Sg && l.Column == "agency_operating"));
    }

    [Fact]
    public void R17_local_a_Chongqing_seed_still_needs_its_project_tables_and_no_state_capital_table_without_that_money()
    {
        var result = Run("R17-LOCAL-TABLES", Seeds.Load(Seeds.Dadukou2025));
        Assert.Contains(result.Findings, f => f.Locations.Any(l => l.Table == TableKey.Xm));
        Assert.DoesNotContain(result.Findings, f => f.Locations.Any(l => l.Table == TableKey.Gz));

        // With 国有资本经营 money in CZ, the Chongqing template's GZ table is due.
        var package = Seeds.Load(Seeds.Dadukou2025);
        package.Tables.Cz.ExpenditureTotal.StateCapital = "10.00";
        Assert.Contains(Run("R17-LOCAL-TABLES", package).Findings, f => f.Locations.Any(l => l.Table == TableKey.Gz));
    }

    [Theory]
    [MemberData(nameof(CorpusIds))]
    public void R17_header_a_title_equal_to_the_documents_own_contents_entry_needs_no_printed_number(string id)
    {
        // 目录 "1. 2025年部门财务收支预算总表 ……" and the page's "2025年部门财务收支预算总表": the number is in the 目录.
        var result = Run("R17-TABLE-HEADER", Corpus.Load(id));
        Assert.Equal(Outcome.Pass, result.Outcome);
        Assert.Empty(result.Findings);
    }

    [Fact]
    public void R17_header_a_title_the_contents_does_not_list_word_for_word_is_warned()
    {
        var package = Corpus.Load(Corpus.PutuoGovOffice2025);
        package.Tables.Sr.Meta.PrintedTitle = "2025年部门收入预算表";
        var result = Run("R17-TABLE-HEADER", package);
        var finding = Assert.Single(result.Findings);
        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Equal(TableKey.Sr, finding.Locations[0].Table);
        Assert.Contains("目录", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1. 2025年部门财务收支预算总表 ……………………………………", "2025年部门财务收支预算总表")]
    [InlineData("4．2025年部门财政拨款收支预算总表 …………………", "2025年部门财政拨款收支预算总表")]
    [InlineData("9.部门“三公”经费和机关运行经费预算表     ……………………", "部门“三公”经费和机关运行经费预算表")]
    [InlineData("附件1：2024年部门收支总表", "2024年部门收支总表")]
    [InlineData("五、部门预算表 ………………", "部门预算表")]
    public void A_contents_line_is_read_as_its_title_without_number_leaders_or_page(string line, string title) =>
        Assert.True(TableOfContents.Read(line).Lists(title));

    [Fact]
    public void A_year_at_the_start_of_a_title_is_not_taken_for_its_number() =>
        Assert.False(TableOfContents.Read("2025年部门财务收支预算总表").Lists("年部门财务收支预算总表"));

    [Theory]
    [MemberData(nameof(CorpusIds))]
    public void R1_CZ_Shanghai_prints_no_current_year_or_carryover_rows_and_is_not_asked_for_them(string id)
    {
        var result = Run("R1-CZ-SUBTOTALS", Corpus.Load(id));
        Assert.DoesNotContain(result.Findings, f => f.Severity != Severity.Info);
        Assert.Equal(Outcome.Pass, result.Outcome);
    }

    [Fact]
    public void R1_CZ_a_Shanghai_income_total_that_is_not_the_sum_of_its_funds_is_an_error()
    {
        var package = Corpus.Load(Corpus.PutuoGovOffice2025);
        package.Tables.Cz.IncomeTotal.Amount = "91016785.35";
        var finding = Assert.Single(Run("R1-CZ-SUBTOTALS", package).Findings, f => f.Severity == Severity.Error);
        Assert.Equal("income_total", finding.Locations[0].Column);
        Assert.Equal("91016775.35", finding.Expected);
    }

    [Fact]
    public void R1_CZ_a_Shanghai_expenditure_total_that_is_not_the_sum_of_its_functions_is_an_error()
    {
        var package = Corpus.Load(Corpus.PutuoGovOffice2025);
        package.Tables.Cz.ExpenditureByFunction[2].GeneralBudget = "1097074.43";
        Assert.Contains(Run("R1-CZ-SUBTOTALS", package).Findings, f => f.Severity == Severity.Error && f.Locations.Any(l => l.RowCode == "210" && l.Column == "general_budget"));
    }

    [Fact]
    public void R1_CZ_a_Chongqing_package_missing_its_current_year_income_row_is_still_an_error()
    {
        var package = Seeds.Load(Seeds.Jiulongpo2025);
        package.Tables.Cz.CurrentYearIncome.ClearAmount();
        Assert.Contains(Run("R1-CZ-SUBTOTALS", package).Findings, f => f.Severity == Severity.Error && f.Locations.Any(l => l.Column == "current_year_income"));
    }

    [Theory]
    [MemberData(nameof(CorpusIds))]
    public void R19_every_section_of_a_Shanghai_document_is_found_under_its_own_headings(string id)
    {
        var result = NarrativeChecks.Run(Corpus.Load(id)).Single(r => r.RuleId == NarrativeChecks.Sections);
        Assert.Empty(result.Findings);
    }

    [Fact]
    public void R19_a_Shanghai_document_without_its_procurement_heading_is_warned()
    {
        var package = Corpus.Load(Corpus.PutuoGovOffice2025);
        package.Narrative.Text = package.Narrative.Text.Replace("三、政府采购预算情况", "三、", StringComparison.Ordinal);
        var result = NarrativeChecks.Run(package).Single(r => r.RuleId == NarrativeChecks.Sections);
        var finding = Assert.Single(result.Findings);
        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Equal("政府采购预算情况", finding.Expected);
    }

    [Fact]
    public void R19_a_contents_entry_alone_does_not_make_a_section_present()
    {
        Assert.Empty(R19Sections.HeadingLines("四、部门预算编制说明 ……………………………………"));
        Assert.Single(R19Sections.HeadingLines("2025年部门预算编制说明"));
    }

    public static TheoryData<string> CorpusIds => [.. Corpus.All];
}
