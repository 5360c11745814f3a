using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.Testing;
using BudgetMesh.ThreePublicExpenses.Rules;

namespace BudgetMesh.ThreePublicExpenses.Tests;

/// <summary>The 三公 rules on the real Shanghai documents and on one-figure mutations of them.</summary>
public sealed class CorpusThreePublicTests
{
    public static TheoryData<string> CorpusIds => [.. Corpus.All];

    private static IReadOnlyList<RuleResult> Run(BudgetMesh.Contracts.Budget.V1.BudgetPackage package) => ThreePublicChecks.Run(Seeds.Input(package));

    [Fact]
    public void The_consistent_document_gives_no_error_or_warning()
    {
        // 政府办 2025: 867.50 = 839.00 + 0 + 28.50, stated item by item in 其他相关情况说明, 与2024年预算持平.
        var results = Run(Corpus.Load(Corpus.PutuoGovOffice2025));
        Assert.DoesNotContain(results.Where(r => r.Outcome != Outcome.Review).SelectMany(r => r.Findings), f => f.Severity is Severity.Error or Severity.Warning);
    }

    [Theory]
    [MemberData(nameof(CorpusIds))]
    public void T1_the_printed_three_public_sums_of_every_document_hold(string id) =>
        Assert.Equal(Outcome.Pass, Seeds.Rule(Run(Corpus.Load(id)), RuleIds.TableSums).Outcome);

    [Fact]
    public void T1_a_total_printed_in_words_is_an_error_not_a_review()
    {
        var package = Corpus.Load(Corpus.PutuoGovOffice2025);
        package.Tables.Sg.CurrentYear.Total = "十八";
        var result = Seeds.Rule(Run(package), RuleIds.TableSums);
        Assert.Equal(Outcome.Fail, result.Outcome);
        var finding = Assert.Single(result.Findings);
        Assert.Equal(Severity.Error, finding.Severity);
        Assert.Equal("total", finding.Locations[0].Column);
        Assert.Equal("十八", finding.Actual);
    }

    [Fact]
    public void T1_a_changed_item_of_a_real_table_breaks_its_total()
    {
        var package = Corpus.Load(Corpus.PutuoWanli2024);
        package.Tables.Sg.CurrentYear.Reception = "1.45";
        var finding = Assert.Single(Seeds.Rule(Run(package), RuleIds.TableSums).Findings);
        Assert.Equal(Severity.Error, finding.Severity);
        Assert.Equal("total", finding.Locations[0].Column);
    }
}
