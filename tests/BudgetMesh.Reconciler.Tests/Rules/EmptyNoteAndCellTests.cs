using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.Reconciler.Rules;
using BudgetMesh.Testing;
using static BudgetMesh.Reconciler.Tests.Rules.RuleAssertions;

namespace BudgetMesh.Reconciler.Tests.Rules;

/// <summary>
/// R18-EMPTY-STATE: a table printed with figures under a note declaring it empty (万里 2024's 三公 table), and a table
/// declared empty whose figures the narrative states; R20-NON-NUMERIC-CELL: text in an amount cell.
/// </summary>
public sealed class EmptyNoteAndCellTests
{
    [Fact]
    public void R18_Wanli_2024s_three_public_table_printed_with_figures_under_a_note_calling_it_empty_is_an_error()
    {
        // Printed: 合计 47.91 … 机关运行经费 443.18; 注:本部门2024年无“三公”经费和机关运行经费预算，故本表为空表。
        var result = Run("R18-EMPTY-STATE", Corpus.Load(Corpus.PutuoWanli2024));
        var finding = Assert.Single(result.Findings);
        Assert.Equal(Severity.Error, finding.Severity);
        Assert.Equal(TableKey.Sg, finding.Locations[0].Table);
        Assert.Equal("notes", finding.Locations[0].Column);
        Assert.Equal(TableKey.Sg, finding.Locations[1].Table);
        Assert.Equal("total", finding.Locations[1].Column);
        Assert.Contains("故本表为空表", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Corpus.PutuoGovOffice2025)]
    [InlineData(Corpus.PutuoJustice2026)]
    public void R18_the_other_Shanghai_documents_empty_tables_are_consistent(string id)
    {
        // Their JJ and GZ are printed without figures and say "…故本表为空表。"; the 三公 table has figures and no such note.
        var result = Run("R18-EMPTY-STATE", Corpus.Load(id));
        Assert.Equal(Outcome.Pass, result.Outcome);
    }

    [Fact]
    public void R18_a_note_calling_a_table_with_figures_empty_is_caught_on_a_consistent_document()
    {
        var package = Corpus.Load(Corpus.PutuoGovOffice2025);
        package.Tables.Sg.Meta.Notes.Add("本部门2025年无“三公”经费和机关运行经费预算，故本表为空表。");
        var finding = Assert.Single(Run("R18-EMPTY-STATE", package).Findings);
        Assert.Equal(Severity.Error, finding.Severity);
        Assert.Contains(finding.Locations, l => l.Table == TableKey.Sg && l.Column == "total");
    }

    [Fact]
    public void R18_a_table_declared_empty_whose_figures_the_narrative_states_is_an_error()
    {
        // 万里 2024 printed the other way round: the table empty, the narrative "“三公”经费预算数为47.91万元".
        var package = Corpus.Load(Corpus.PutuoWanli2024);
        var sg = package.Tables.Sg;
        sg.Meta.State = TableState.DeclaredEmpty;
        sg.Meta.EmptyExplanation = sg.Meta.Notes[0];
        sg.Meta.Notes.Clear();
        sg.CurrentYear = new ThreePublicFigures();
        var finding = Assert.Single(Run("R18-EMPTY-STATE", package).Findings);
        Assert.Equal(Severity.Error, finding.Severity);
        Assert.Equal("47.91万元", finding.Actual);
        Assert.Contains(finding.Locations, l => l.Table == TableKey.Nar);
    }

    [Theory]
    [InlineData("2025年“三公”经费预算数为867.50万元，与2024年预算持平。", "三公", "867.50万元")]
    [InlineData("政府性基金拨款支出预算0万元，比2024年预算持平。", "政府性基金", null)]
    [InlineData("（七）“三公”经费：是与区级财政有经费领拨关系的部门…", "三公", null)]
    public void R18_the_narrative_states_an_amount_only_right_after_naming_the_subject(string narrative, string subject, string? amount) =>
        Assert.Equal(amount, R18EmptyTables.NarrativeStatesAmount(narrative, subject)?.Amount);

    [Fact]
    public void R20_an_amount_cell_printed_in_words_is_an_error_never_a_zero()
    {
        Assert.Equal(Outcome.Pass, Run("R20-NON-NUMERIC-CELL", Corpus.Load(Corpus.PutuoGovOffice2025)).Outcome);
        var package = Corpus.Load(Corpus.PutuoGovOffice2025);
        package.Tables.Gf.Rows[0].Total = "八千二百万";
        var finding = Assert.Single(Run("R20-NON-NUMERIC-CELL", package).Findings);
        Assert.Equal(Severity.Error, finding.Severity);
        Assert.Equal(TableKey.Gf, finding.Locations[0].Table);
        Assert.Equal("201", finding.Locations[0].RowCode);
        Assert.Equal("total", finding.Locations[0].Column);
        Assert.Equal("八千二百万", finding.Actual);
    }

    [Fact]
    public void R20_template_residue_is_left_to_the_residue_rule_and_the_three_public_table_to_its_service()
    {
        var package = Corpus.Load(Corpus.PutuoGovOffice2025);
        package.Tables.Gf.Rows[0].Total = "XX";
        package.Tables.Sg.CurrentYear.Total = "十八";
        Assert.Empty(Run("R20-NON-NUMERIC-CELL", package).Findings);
        Assert.Single(Run("R20-RESIDUE-CELL", package).Findings);
    }

    [Theory]
    [MemberData(nameof(SeedIds))]
    public void R20_no_seed_prints_words_in_an_amount_cell(string seed) =>
        Assert.Equal(Outcome.Pass, Run("R20-NON-NUMERIC-CELL", Seeds.Load(seed)).Outcome);

    public static TheoryData<string> SeedIds => [.. Seeds.All];
}
