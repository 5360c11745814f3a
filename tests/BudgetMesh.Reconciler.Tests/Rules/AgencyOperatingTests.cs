using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.Reconciler.Narrative;
using BudgetMesh.Testing;

namespace BudgetMesh.Reconciler.Tests.Rules;

/// <summary>R15 against the 三公 table's 机关运行经费 where the region prints it there (Shanghai), else JB's 日常公用经费.</summary>
public sealed class AgencyOperatingTests
{
    private static RuleResult R15(BudgetMesh.Contracts.Budget.V1.BudgetPackage package) =>
        NarrativeChecks.Run(package).Single(r => r.RuleId == NarrativeChecks.AgencyOperating);

    [Theory]
    [InlineData(Corpus.PutuoGovOffice2025)] // "机关运行经费预算为213.28万元"; table 213.28
    [InlineData(Corpus.PutuoWanli2024)]     // "机关运行经费预算为443.18万元"; table 443.18 (JB 公用经费 1,116.86万元: not the figure)
    [InlineData(Corpus.PutuoJustice2026)]
    public void The_narrative_figure_is_bound_to_the_three_public_tables_agency_operating_cell(string id)
    {
        var result = R15(Corpus.Load(id));
        Assert.Equal(Outcome.Pass, result.Outcome);
        Assert.Empty(result.Findings);
    }

    [Fact]
    public void A_changed_agency_operating_cell_is_warned_at_that_cell_without_the_mixed_unit_excuse()
    {
        // 万里 2024 is a 部门 with a 参公事业单位: against JB the difference would only be a hint; against the figure
        // printed for that very purpose it is a warning.
        var package = Corpus.Load(Corpus.PutuoWanli2024);
        package.Tables.Sg.CurrentYear.AgencyOperating = "443.28";
        var finding = Assert.Single(R15(package).Findings);
        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Contains(finding.Locations, l => l.Table == TableKey.Sg && l.Column == "agency_operating");
        Assert.Equal("443.28", finding.Expected);
        Assert.Equal("443.18", finding.Actual);
    }

    [Fact]
    public void Without_the_column_a_Chongqing_seed_is_still_checked_against_JB()
    {
        var package = Seeds.Load(Seeds.Zhengwuban2023);
        Assert.Null(R15AgencyOperating.SgCell(package));
        Assert.Contains(R15(package).Findings, f => f.Locations.Any(l => l.Table == TableKey.Jb));
    }
}
