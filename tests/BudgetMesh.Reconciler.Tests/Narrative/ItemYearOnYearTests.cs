using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.Reconciler.Narrative;
using BudgetMesh.Testing;

namespace BudgetMesh.Reconciler.Tests.Narrative;

/// <summary>
/// R14 on item sentences ("2025年当年预算执行数为X万元，2026年预算安排Y万元，比2025年预算执行数增加Z%"): recomputed from
/// the sentence's own figures at their printed precision; a zero base is a warning; what cannot be checked is a review.
/// </summary>
public sealed class ItemYearOnYearTests
{
    [Fact]
    public void Every_item_rate_of_the_万里_and_政府办_documents_recomputes()
    {
        foreach (var id in new[] { Corpus.PutuoWanli2024, Corpus.PutuoGovOffice2025 })
        {
            var results = NarrativeResults.Of(Corpus.Load(id));
            Assert.DoesNotContain(results[NarrativeChecks.YoyPercent].Findings, f => f.Severity == Severity.Error);
            Assert.DoesNotContain(results[NarrativeChecks.YoyDirection].Findings, f => f.Severity == Severity.Error);
        }

        Assert.Equal(Outcome.Pass, NarrativeResults.Of(Corpus.Load(Corpus.PutuoWanli2024))[NarrativeChecks.YoyPercent].Outcome);
    }

    [Fact]
    public void The_司法局_职业年金_rate_17_66_where_its_figures_give_17_93_is_an_error_at_that_sentence()
    {
        var results = NarrativeResults.Of(Corpus.Load(Corpus.PutuoJustice2026));

        var finding = Assert.Single(results[NarrativeChecks.YoyPercent].Findings, f => f.Message.Contains("17.66", StringComparison.Ordinal));
        Assert.Equal((Severity.Error, "17.93", "17.66"), (finding.Severity, finding.Expected, finding.Actual));
        Assert.Contains("机关事业单位职业年金缴费支出（2080506项）", finding.Message, StringComparison.Ordinal);
        Assert.Equal("2025年当年预算执行数为77.99万元，2026年预算安排91.97万元，比2025年预算执行数增加17.66%。", results.SpanText(finding));
        Assert.False(string.IsNullOrEmpty(finding.Tolerance));
    }

    [Fact]
    public void The_司法局_base_43269_3_cannot_give_3845_49_and_a_rise_of_17_62_percent()
    {
        var results = NarrativeResults.Of(Corpus.Load(Corpus.PutuoJustice2026));

        var direction = Assert.Single(results[NarrativeChecks.YoyDirection].Findings, f => f.Severity == Severity.Error);
        Assert.Equal(("减少", "增加"), (direction.Expected, direction.Actual));
        Assert.StartsWith("2025年当年预算执行数为43269.3万元", results.SpanText(direction), StringComparison.Ordinal);
        Assert.Contains(results[NarrativeChecks.YoyPercent].Findings, f => f.Severity == Severity.Error && f.Actual == "17.62");
    }

    [Fact]
    public void A_rate_changed_by_one_digit_in_the_万里_document_is_an_error()
    {
        var package = SeedPackages.WithNarrative(Corpus.Load(Corpus.PutuoWanli2024), "比2023年预算执行数增加46.19%", "比2023年预算执行数增加46.91%");

        var results = NarrativeResults.Of(package);

        var finding = Assert.Single(results[NarrativeChecks.YoyPercent].Findings);
        Assert.Equal((Severity.Error, "46.19", "46.91"), (finding.Severity, finding.Expected, finding.Actual));
    }

    [Fact]
    public void A_rate_is_compared_within_the_rounding_envelope_and_never_closer_than_a_tenth_of_a_point()
    {
        // 60.79 → 88.87 is +46.1918 %. rules.md compares percentages within ±0.1 point (rates are often computed from
        // unrounded ledgers, or truncated): 46.2 and 46.28 pass, 46.30 (0.11 off) is an error.
        var close = SeedPackages.WithNarrative(Corpus.Load(Corpus.PutuoWanli2024), "比2023年预算执行数增加46.19%", "比2023年预算执行数增加46.2%");
        var edge = SeedPackages.WithNarrative(Corpus.Load(Corpus.PutuoWanli2024), "比2023年预算执行数增加46.19%", "比2023年预算执行数增加46.28%");
        var off = SeedPackages.WithNarrative(Corpus.Load(Corpus.PutuoWanli2024), "比2023年预算执行数增加46.19%", "比2023年预算执行数增加46.30%");

        Assert.Equal(Outcome.Pass, NarrativeResults.Of(close)[NarrativeChecks.YoyPercent].Outcome);
        Assert.Equal(Outcome.Pass, NarrativeResults.Of(edge)[NarrativeChecks.YoyPercent].Outcome);
        Assert.Equal(Outcome.Fail, NarrativeResults.Of(off)[NarrativeChecks.YoyPercent].Outcome);
    }

    [Fact]
    public void A_growth_rate_from_a_zero_execution_figure_is_a_zero_base_warning_not_a_wrong_rate()
    {
        // 万里 2024: "2023年当年预算执行数为0.00万元，2024年预算安排25.00万元，比2023年预算执行数增加100.00%".
        var results = NarrativeResults.Of(Corpus.Load(Corpus.PutuoWanli2024));

        var finding = Assert.Single(results[NarrativeChecks.YoyZeroBase].Findings);
        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.StartsWith("2023年当年预算执行数为0.00万元", results.SpanText(finding), StringComparison.Ordinal);
        Assert.DoesNotContain(results.Errors, f => results.SpanText(f).StartsWith("2023年当年预算执行数为0.00万元", StringComparison.Ordinal));
    }

    [Fact]
    public void An_execution_figure_changed_to_zero_makes_its_rate_a_zero_base_warning()
    {
        // 万里 2024 item 7: "2023年当年预算执行数为15.00万元，2024年预算安排30.00万元，比2023年预算执行数增加100.00%".
        var package = SeedPackages.WithNarrative(Corpus.Load(Corpus.PutuoWanli2024), "2023年当年预算执行数为15.00万元", "2023年当年预算执行数为0.00万元");

        var findings = NarrativeResults.Of(package)[NarrativeChecks.YoyZeroBase].Findings;

        Assert.Equal(2, findings.Count);
        Assert.All(findings, f => Assert.Equal(Severity.Warning, f.Severity));
    }

    [Fact]
    public void A_growth_rate_over_a_blank_prior_year_in_GF_is_a_zero_base_warning()
    {
        // The case: GF 2010399 prior year blank and "增长100%"; here seed 001's GF with its 2010301 prior year blanked.
        var package = SeedPackages.Load(SeedPackages.Seed001);
        var row = package.Tables.Gf.Rows.First(r => r.Code.Length == 7 && r.HasPriorYear);
        row.ClearPriorYear();
        string NameOf(string code) => package.Tables.Gf.Rows.First(r => r.Code == code).Name;
        package.Narrative.Text += $"\n七、其他说明\n{NameOf(row.Code[..3])}（类）{NameOf(row.Code[..5])}（款）{row.Name}（项）{row.Total}万元，比上年增长100%。";

        var results = NarrativeResults.Of(package);

        var finding = Assert.Single(results[NarrativeChecks.YoyZeroBase].Findings);
        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.DoesNotContain(results[NarrativeChecks.YoyPercent].Findings, f => f.Message.Contains("100%", StringComparison.Ordinal));
    }

    [Fact]
    public void A_flat_statement_over_two_different_figures_is_a_direction_error()
    {
        // 万里 2024: "2023年当年预算执行数为10.00万元，2024年预算安排10.00万元，比2023年预算执行数持平" passes.
        var wanli = Corpus.Load(Corpus.PutuoWanli2024);
        Assert.DoesNotContain(NarrativeResults.Of(wanli)[NarrativeChecks.YoyDirection].Findings, f => f.Severity == Severity.Error);

        var package = SeedPackages.WithNarrative(wanli, "2023年当年预算执行数为10.00万元，2024年预算安排10.00万元", "2023年当年预算执行数为12.00万元，2024年预算安排10.00万元");
        var finding = Assert.Single(NarrativeResults.Of(package)[NarrativeChecks.YoyDirection].Findings);
        Assert.Equal((Severity.Error, "减少", "持平"), (finding.Severity, finding.Expected, finding.Actual));
    }

    [Fact]
    public void Statements_no_table_or_sentence_can_recompute_are_a_review_with_their_count()
    {
        // 政府办 2025 compares 收入/支出 with 2024, but Shanghai's GF prints no prior year: 3 statements, never a pass.
        var results = NarrativeResults.Of(Corpus.Load(Corpus.PutuoGovOffice2025));

        Assert.Equal(Outcome.Review, results[NarrativeChecks.YoyAmount].Outcome);
        Assert.Contains("3处同比增减额表述无法复核", Assert.Single(results[NarrativeChecks.YoyAmount].Findings).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_change_against_an_execution_figure_the_sentence_does_not_state_is_not_recomputed_from_GFs_budget_column()
    {
        // Seed 001's GF prints 2024 budgets; "比2024年执行数增加1374.64万元" compares with an execution nobody printed.
        var budget = NarrativeResults.Of(SeedPackages.WithNarrative(SeedPackages.Seed001, "比 2024 年增加 1457.83 万元。其中", "比 2024 年增加 1457.83 万元。其中"));
        var execution = NarrativeResults.Of(SeedPackages.WithNarrative(SeedPackages.Seed001, "比 2024 年增加 1457.83 万元。其中", "比 2024 年执行数增加 1457.83 万元。其中"));

        Assert.Equal(
            budget[NarrativeChecks.YoyAmount].Findings.Count(f => f.Severity == Severity.Error) - 1,
            execution[NarrativeChecks.YoyAmount].Findings.Count(f => f.Severity == Severity.Error));
        Assert.Contains(execution[NarrativeChecks.YoyAmount].Findings, f => f.Severity == Severity.Info && f.Message.Contains("4处", StringComparison.Ordinal));
    }

    [Theory]
    // The base printed after the comparison word, in 万元, "较…预算数" (seed 000's GF total: 2132.83 万元).
    [InlineData("一般公共预算财政拨款支出2132.83万元，较2024年预算数3689.28万元减少1556.45万元，下降42.2%", "下降42.2%", "下降44.2%", NarrativeChecks.YoyPercent)]
    [InlineData("一般公共预算财政拨款支出2132.83万元，较2024年预算数3689.28万元减少1556.45万元，下降42.2%", "减少1556.45万元", "减少1565.45万元", NarrativeChecks.YoyAmount)]
    // Both years labelled, the rise in 万元 (seed 000's 2210201 住房公积金: 92.78 万元).
    [InlineData("住房保障支出（类）住房改革支出（款）住房公积金（项）2024年预算数90.00万元，2025年预算数92.78万元，比上年增加2.78万元，增长3.1%", "增长3.1%", "增长3.6%", NarrativeChecks.YoyPercent)]
    [InlineData("住房保障支出（类）住房改革支出（款）住房公积金（项）2024年预算数90.00万元，2025年预算数92.78万元，比上年增加2.78万元，增长3.1%", "2024年预算数90.00万元", "2024年预算数95.00万元", NarrativeChecks.YoyDirection)]
    [InlineData("住房保障支出（类）住房改革支出（款）住房公积金（项）2024年预算数92.78万元，2025年预算数92.78万元，与上年持平", "2024年预算数92.78万元", "2024年预算数82.78万元", NarrativeChecks.YoyDirection)]
    public void A_sentence_stating_its_prior_budget_is_recomputed_from_it_and_one_figure_off_is_an_error(string sentence, string printed, string changed, string rule)
    {
        var right = WithSentence(sentence);
        var wrong = WithSentence(sentence.Replace(printed, changed, StringComparison.Ordinal));

        foreach (var id in new[] { NarrativeChecks.YoyAmount, NarrativeChecks.YoyPercent, NarrativeChecks.YoyDirection })
        {
            Assert.DoesNotContain(right[id].Findings, f => f.Severity == Severity.Error);
        }

        var finding = Assert.Single(wrong[rule].Findings, f => f.Severity == Severity.Error);
        Assert.Equal(sentence.Replace(printed, changed, StringComparison.Ordinal) + "。", wrong.SpanText(finding));
    }

    private static NarrativeResults WithSentence(string sentence)
    {
        var package = SeedPackages.Load(SeedPackages.Seed000);
        package.Narrative.Text += "\n七、其他说明\n" + sentence + "。";
        return NarrativeResults.Of(package);
    }

    [Fact]
    public void Comparisons_with_the_budget_year_itself_are_year_warnings()
    {
        // 司法局 2026 compares "比2026年预算增加793.14万元" (three sentences); 政府办 2025 compares with 2024 throughout.
        var justice = NarrativeResults.Of(Corpus.Load(Corpus.PutuoJustice2026));
        var years = justice[NarrativeChecks.Years].Findings;
        Assert.Equal(3, years.Count);
        Assert.All(years, f => Assert.Equal((Severity.Warning, "2025", "2026"), (f.Severity, f.Expected, f.Actual)));

        Assert.Equal(Outcome.Pass, NarrativeResults.Of(Corpus.Load(Corpus.PutuoGovOffice2025))[NarrativeChecks.Years].Outcome);
        var mutated = SeedPackages.WithNarrative(Corpus.Load(Corpus.PutuoGovOffice2025), "公务接待费28.50万元，与2024年预算持平", "公务接待费28.50万元，与2025年预算持平");
        Assert.Single(NarrativeResults.Of(mutated)[NarrativeChecks.Years].Findings);
    }
}
