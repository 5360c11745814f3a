using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.Reconciler.Narrative;

namespace BudgetMesh.Reconciler.Tests.Narrative;

public sealed class SeedFindingTests
{
    [Theory]
    [InlineData(SeedPackages.Seed000)]
    [InlineData(SeedPackages.Seed001)]
    [InlineData(SeedPackages.Seed002)]
    public void Every_rule_answers_once_in_rule_id_order_owned_by_the_reconciler(string seed)
    {
        var results = NarrativeChecks.Run(SeedPackages.Load(seed));

        Assert.Equal(NarrativeChecks.RuleIds, results.Select(r => r.RuleId));
        Assert.All(results, r => Assert.Equal("reconciler", r.Owner));
        Assert.All(results, r => Assert.NotEqual(Outcome.Unspecified, r.Outcome));
        Assert.All(results.SelectMany(r => r.Findings), f => Assert.Contains(f.RuleId, NarrativeChecks.RuleIds));
        Assert.Equal(NarrativeChecks.RuleIds.Count, NarrativeChecks.RuleIds.Distinct().Count());
    }

    [Fact]
    public void Seed_001_labels_the_total_as_一般公共服务支出_and_nothing_else_about_classes()
    {
        var results = NarrativeResults.Of(SeedPackages.Load(SeedPackages.Seed001));

        var finding = Assert.Single(results[NarrativeChecks.FunctionClass].Findings);
        Assert.Equal(Outcome.Fail, results[NarrativeChecks.FunctionClass].Outcome);
        Assert.Equal(Severity.Error, finding.Severity);
        Assert.Equal(("2224.07", "2686.02", "461.95", "0.005", "万元"), (finding.Expected, finding.Actual, finding.Difference, finding.Tolerance, finding.Unit));
        Assert.StartsWith("情况说明所述一般公共服务支出2686.02万元与部门支出总表201类合计2224.07万元不符", finding.Message, StringComparison.Ordinal);
        Assert.Contains("实为部门收支总表支出合计", finding.Message, StringComparison.Ordinal);
        var cell = finding.Locations.Single(l => l.Table == TableKey.Zc);
        Assert.Equal(("201", "total", 0), (cell.RowCode, cell.Column, cell.RowIndex));
        Assert.Equal(
            "2025年年初预算数 2686.02 万元，其中：一般公共服务支出 2686.02 万元，一般公共服务支出 2224.07 万元，社会保障和就业支出 287.41 万元，卫生健康支出 77.94 万元，住房保障支出 96.6 万元。",
            results.SpanText(finding));
    }

    [Fact]
    public void Seed_001_states_a_rise_of_1457_83_where_GF_prior_year_gives_1374_64()
    {
        var results = NarrativeResults.Of(SeedPackages.Load(SeedPackages.Seed001));

        var findings = results[NarrativeChecks.YoyAmount].Findings.Where(f => f.Severity == Severity.Error).ToList();
        // Three sentences repeat the wrong rise (收入, 支出, 一般公共预算财政拨款支出); the income sentence says it twice
        // (收入 and 一般公共预算拨款) and is reported once.
        Assert.Equal(3, findings.Count);
        Assert.All(findings, f => Assert.Equal((Severity.Error, "1374.64", "1457.83", "83.19"), (f.Severity, f.Expected, f.Actual, f.Difference)));
        Assert.All(findings, f => Assert.Contains(f.Locations, l => l.Table == TableKey.Gf && l.Column == "prior_year" && l.RowIndex == -1));
        Assert.Equal(
            "收入较 2024 年增加 1457.83 万元，主要是一般公共预算拨款较上年增加 1457.83 万元。",
            results.SpanText(findings[0]));
        Assert.StartsWith("2025 年一般公共预算财政拨款收入 2686.02 万元", results.SpanText(findings[2]), StringComparison.Ordinal);
        // 基本支出 +722.06 and 项目支出 +735.77 cannot be recomputed: GF prints one prior-year column, not its split.
        // They are counted in a review finding beside the errors, never passed.
        Assert.Contains(results[NarrativeChecks.YoyAmount].Findings, f => f.Severity == Severity.Info && f.Message.Contains("3处同比增减额表述无法复核", StringComparison.Ordinal));
        Assert.Equal(Outcome.Pass, results[NarrativeChecks.YoyDirection].Outcome);
    }

    [Fact]
    public void Seed_001_has_no_other_error_and_no_warning()
    {
        var results = NarrativeResults.Of(SeedPackages.Load(SeedPackages.Seed001));

        Assert.Equal(
            [NarrativeChecks.FunctionClass, NarrativeChecks.YoyAmount, NarrativeChecks.YoyAmount, NarrativeChecks.YoyAmount],
            results.Errors.Select(f => f.RuleId));
        Assert.Empty(results.Warnings);
        // The procurement figures (41.4 = 32.6 + 8.8) cannot be compared: 001 prints no 政府采购明细表 (R17 reports the
        // missing table). Review with INFO findings, not a pass.
        Assert.Equal(Outcome.Review, results[NarrativeChecks.Procurement].Outcome);
        Assert.All(results[NarrativeChecks.Procurement].Findings, f => Assert.Equal(Severity.Info, f.Severity));
        Assert.Equal(Outcome.Pass, results[NarrativeChecks.AgencyOperating].Outcome);
        Assert.Equal(Outcome.Pass, results[NarrativeChecks.EmptyTable].Outcome);
    }

    [Fact]
    public void Seed_002_states_机关运行经费_261_96_against_JB_public_use_128_33_as_a_hint_for_a_department_with_事业单位()
    {
        var results = NarrativeResults.Of(SeedPackages.Load(SeedPackages.Seed002));

        var finding = Assert.Single(results[NarrativeChecks.AgencyOperating].Findings);
        Assert.Equal(Outcome.Fail, results[NarrativeChecks.AgencyOperating].Outcome);
        Assert.Equal((Severity.Info, "128.33", "261.96", "133.63"), (finding.Severity, finding.Expected, finding.Actual, finding.Difference));
        var cell = finding.Locations.Single(l => l.Table == TableKey.Jb);
        Assert.Equal(("", "public_use", -1), (cell.RowCode, cell.Column, cell.RowIndex));
        Assert.StartsWith("2023 年一般公共预算财政拨款运行经费 261.96 万元", results.SpanText(finding), StringComparison.Ordinal);
    }

    [Fact]
    public void Seed_002_has_no_error_and_one_justified_warning()
    {
        var results = NarrativeResults.Of(SeedPackages.Load(SeedPackages.Seed002));

        Assert.Empty(results.Errors);
        // The one warning is real: the template's own instruction "（以下为常见专业名词解释，部门应根据实际情况进行解释和增减。）"
        // is printed in the published 名词解释 section.
        var warning = Assert.Single(results.Warnings);
        Assert.Equal(NarrativeChecks.TextResidue, warning.RuleId);
        Assert.Equal("（以下为常见专业名词解释，部门应根据实际情况进行解释和增减。）", results.SpanText(warning));
        // 002 prints no 政府采购明细表 and states 0 everywhere: nothing to buy and no table agree.
        Assert.Equal(Outcome.Pass, results[NarrativeChecks.Procurement].Outcome);
        // JJ is printed empty (without explanation, which is R18's table half) and the narrative says 无: they agree.
        Assert.Equal(Outcome.Pass, results[NarrativeChecks.EmptyTable].Outcome);
        // No prior-year column in 002's GF: year-on-year statements cannot be recomputed, which is a review, not a pass.
        Assert.Equal(Outcome.Review, results[NarrativeChecks.YoyAmount].Outcome);
        Assert.Contains("9处同比增减额表述无法复核", Assert.Single(results[NarrativeChecks.YoyAmount].Findings).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Seed_000_has_no_error_and_no_warning()
    {
        var results = NarrativeResults.Of(SeedPackages.Load(SeedPackages.Seed000));

        Assert.True(!results.Errors.Any() && !results.Warnings.Any(), results.ToString());
        foreach (var id in new[]
        {
            NarrativeChecks.IncomeTotal, NarrativeChecks.ExpenditureTotal, NarrativeChecks.FunctionClass, NarrativeChecks.BasicProject,
            NarrativeChecks.Procurement, NarrativeChecks.UnboundFigure, NarrativeChecks.AgencyOperating, NarrativeChecks.ConsistentFigures,
            NarrativeChecks.EmptyTable, NarrativeChecks.Sections, NarrativeChecks.TextResidue, NarrativeChecks.Years,
        })
        {
            Assert.True(results[id].Outcome == Outcome.Pass, $"{id}: {results[id].Outcome} {results[id].Note}");
        }

        // CG prints no 货物/工程/服务 column, so the narrative's split (3.03 货物) is only checked against its own total.
        Assert.Contains("未列货物/工程/服务类别", results[NarrativeChecks.Procurement].Note, StringComparison.Ordinal);
        // GF prints no prior year: the 9 year-on-year statements are counted in a review, never passed.
        var review = Assert.Single(results[NarrativeChecks.YoyAmount].Findings);
        Assert.Equal((Outcome.Review, Severity.Info), (results[NarrativeChecks.YoyAmount].Outcome, review.Severity));
        Assert.Contains("9处同比增减额表述无法复核", review.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_package_without_narrative_gets_one_warning_and_not_applicable_elsewhere()
    {
        var package = SeedPackages.Load(SeedPackages.Seed000);
        package.Narrative = null;

        var results = NarrativeResults.Of(package);

        Assert.Equal(Outcome.Fail, results[NarrativeChecks.Sections].Outcome);
        Assert.All(results.Results.Where(r => r.RuleId != NarrativeChecks.Sections), r => Assert.Equal(Outcome.NotApplicable, r.Outcome));
    }
}
