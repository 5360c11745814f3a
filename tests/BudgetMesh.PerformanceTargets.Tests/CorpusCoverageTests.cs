using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.PerformanceTargets.Checking;
using BudgetMesh.PerformanceTargets.Rules;
using BudgetMesh.Testing;

namespace BudgetMesh.PerformanceTargets.Tests;

/// <summary>
/// P1 against the narrative's "编报绩效目标的项目N个，涉及项目预算资金X万元": on the Shanghai documents (which publish no
/// 项目绩效目标表), with declared-empty project tables left out, and on one-figure mutations.
/// </summary>
public sealed class CorpusCoverageTests
{
    public static TheoryData<string> CorpusIds => [.. Corpus.All];

    private static RuleResult Rule(BudgetPackage package, string id) => Check.Rule(RequestMapping.ToInput(Seeds.Request(package)), id);

    [Theory]
    [MemberData(nameof(CorpusIds))]
    public void A_Shanghai_document_is_not_asked_for_project_target_tables_it_does_not_publish(string id)
    {
        Assert.Equal(Outcome.NotApplicable, Rule(Corpus.Load(id), RuleIds.Coverage).Outcome);
        Assert.Empty(Rule(Corpus.Load(id), RuleIds.NarrativeAmount).Problems());
    }

    [Fact]
    public void Shanghai_the_stated_amount_is_held_to_the_project_total()
    {
        // 政府办 2025: "编报绩效目标的项目11个，涉及项目预算资金6626万元"; GF 项目支出 66,410,000.00 元 = 6641 万元.
        var package = Corpus.Load(Corpus.PutuoGovOffice2025);
        Assert.Equal(Outcome.Pass, Rule(package, RuleIds.NarrativeAmount).Outcome);

        package.Tables.Gf.TotalRow.Project = "66110000.00";
        var finding = Assert.Single(Rule(package, RuleIds.NarrativeAmount).Problems());
        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Equal(("6626.00", "15.00"), (finding.Actual, finding.Difference));
        Assert.Contains(finding.Locations, l => l.Table == TableKey.Nar && l.Span.Length > 0);
    }

    [Fact]
    public void A_project_count_the_tables_do_not_match_is_warned_and_a_declared_empty_table_is_no_project()
    {
        // 九龙坡 2025 prints two project tables (50 + 13 万元 = 63 万元 of the 590 万元 stated); say the narrative counted
        // three projects and a third table was printed empty: still two tables with targets.
        var request = Seeds.Request(Seeds.Zero);
        request.Narrative.Text = request.Narrative.Text.Replace("2025年项目支出均实行了绩效目标管理，", "2025年编报绩效目标的项目3个，", StringComparison.Ordinal);
        request.Projects.Add(new ProjectTargetTable { Meta = new TableMeta { State = TableState.DeclaredEmpty, EmptyExplanation = "本单位无重点项目，故此表无数据。" }, ProjectName = "重点项目" });

        var input = RequestMapping.ToInput(request);
        Assert.Equal(2, input.Projects.Count);
        Assert.Equal(1, input.DeclaredEmptyProjects);
        var findings = Check.Rule(input, RuleIds.NarrativeAmount).Problems();
        var count = Assert.Single(findings, f => f.Unit == "个");
        Assert.Equal(("3", "2"), (count.Expected, count.Actual));
        Assert.Contains("1 张印为空表", count.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_count_is_read_from_the_sentence_as_printed() =>
        Assert.Equal(11, Narrative.PerformanceSection.Find("四、绩效目标设置情况\n按照本区预算绩效管理工作的总体要求，本部门1个预算单位开展了2025年项目预算绩效目标编报工作，编报绩效目标的项目11个，\n涉及项目预算资金6626万元。").ProjectCount);
}
