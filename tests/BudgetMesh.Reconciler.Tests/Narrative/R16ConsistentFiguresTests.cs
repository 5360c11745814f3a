using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.Reconciler.Narrative;
using BudgetMesh.Testing;

namespace BudgetMesh.Reconciler.Tests.Narrative;

/// <summary>
/// R16-CONSISTENT-FIGURES on real text: seed 000 (九龙坡区政府办 2025) states the fall of its project spending twice,
/// "收入较2024年减少1556.45万元，主要是项目支出经费拨款减少1592.37万元" and "支出预算较2024年减少1556.45万元，主要是…项目支出
/// 预算减少1592.37万元", and its GF prints no prior year, so no table can judge either: only the two statements can.
/// A figure a table does judge is reported once, by the rule that compares it with the table (R13/R14/R15).
/// </summary>
public sealed class R16ConsistentFiguresTests
{
    private const string IncomeSentence = "收入较2024年减少1556.45万元，主要是项目支出经费拨款减少1592.37万元。";
    private const string ExpenditureChange = "项目支出预算减少1592.37万元";

    [Fact]
    public void The_project_spending_change_seed_000_states_twice_agrees_and_is_checked()
    {
        var results = NarrativeResults.Of(SeedPackages.Load(SeedPackages.Seed000));

        Assert.Equal(Outcome.Pass, results[NarrativeChecks.ConsistentFigures].Outcome);
        Assert.Empty(results[NarrativeChecks.ConsistentFigures].Findings);
    }

    [Fact]
    public void One_of_the_two_statements_changed_by_one_figure_is_an_R16_error_at_both_sentences_and_nothing_else()
    {
        var clean = NarrativeResults.Of(SeedPackages.Load(SeedPackages.Seed000));
        var results = NarrativeResults.Of(SeedPackages.WithNarrative(SeedPackages.Seed000, ExpenditureChange, "项目支出预算减少1529.37万元"));

        var finding = Assert.Single(results[NarrativeChecks.ConsistentFigures].Findings);
        Assert.Equal(Severity.Error, finding.Severity);
        var spans = finding.Locations.Select(l => results.Package.Narrative.Text.Substring(l.Span.Start, l.Span.Length)).ToList();
        Assert.Equal(2, spans.Count);
        Assert.Equal(IncomeSentence, spans[0]);
        Assert.Equal("支出预算较2024年减少1556.45万元，主要是基本支出预算增加35.92万元，项目支出预算减少1529.37万元。", spans[1]);
        Assert.Equal(("-1592.37", "-1529.37", "万元"), (finding.Expected, finding.Actual, finding.Unit));
        Assert.Contains("项目支出", finding.Message, StringComparison.Ordinal);
        // No table holds the prior year, so R16 is the only rule that sees it: the mutation adds this one error.
        Assert.Equal(clean.Errors.Count() + 1, results.Errors.Count());
    }

    [Fact]
    public void A_figure_the_tables_judge_is_reported_once_by_the_table_rule_not_again_as_two_statements()
    {
        // 万里 2024 item 15 states 职业年金 (2080506) twice: "…（项）”230.28万元" and "2024年预算安排230.28万元". One changed
        // figure is one mistake: R13 names the wrong statement and the GF cell; an R16 error for the same figure
        // would ask the operator to fix it twice.
        var clean = NarrativeResults.Of(Corpus.Load(Corpus.PutuoWanli2024));
        var results = NarrativeResults.Of(SeedPackages.WithNarrative(Corpus.Load(Corpus.PutuoWanli2024), "2024年预算安排230.28万元", "2024年预算安排203.28万元"));

        var added = results.Errors.Where(f => !clean.Errors.Any(c => c.Message == f.Message)).ToList();
        var finding = Assert.Single(added);
        Assert.Contains(finding, results[NarrativeChecks.FunctionClass].Findings);
        Assert.Contains(finding.Locations, l => l.Table != TableKey.Nar);
        Assert.StartsWith("2023年当年预算执行数为198.60万元，2024年预算安排203.28万元", results.SpanText(finding), StringComparison.Ordinal);
        Assert.Empty(results[NarrativeChecks.ConsistentFigures].Findings);
    }
}
