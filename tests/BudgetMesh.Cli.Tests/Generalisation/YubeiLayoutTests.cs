using BudgetMesh.Cli.Tests.Expectations;

namespace BudgetMesh.Cli.Tests.Generalisation;

/// <summary>
/// Issue 19's "Why": 渝北区政府办 2024, every narrative figure correct, got 41 false errors. The same layout over seed
/// 000's tables (<see cref="DistrictLayouts.Yubei()"/>) must raise nothing at the narrative, still raise every defect
/// of the tables, and catch each defect planted in the narrative at the right place.
/// </summary>
public sealed class YubeiLayoutTests
{
    [Fact]
    public async Task A_yubei_style_narrative_whose_figures_are_right_raises_nothing_false_and_the_tables_defects_are_all_still_found()
    {
        var package = DistrictLayouts.Yubei();
        var seed = ExpectedFindings.Load(ExpectationFiles.For("seeds/" + Path.GetFileName(SeedFiles.Source("000"))));
        // The seed's narrative is replaced: what its own narrative got wrong (590 万元 of coverage) is gone with it.
        var tableDefects = seed.Findings.Where(f => !f.Location.Contains("NAR", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(tableDefects);

        var actual = await DistrictLayouts.ErrorsAndWarnings(package);

        var unlisted = actual.Where(a => !tableDefects.Any(a.Matches)).ToList();
        var missing = tableDefects.Where(e => !actual.Any(a => a.Matches(e))).ToList();
        Assert.True(unlisted.Count == 0 && missing.Count == 0,
            string.Join("\n", unlisted.Select(a => $"false: {a.Rule} {a.Severity} {a.Location} — {a.Message}")
                .Concat(missing.Select(m => $"missed: {m.Rule} {m.Severity} {m.Location}"))));
    }

    [Fact]
    public void Its_year_on_year_sentences_are_recomputed_from_the_figures_they_state_not_left_for_review()
    {
        // Three statements state both years ("比上年预算数36,892,800.00元减少…", "2024年预算数…2025年预算数…" twice) and
        // recompute; only 机关运行经费's "比上年减少480,300.00元，下降13.4%" names no base and no table prints one.
        var results = BudgetMesh.Reconciler.Narrative.NarrativeChecks.Run(DistrictLayouts.Yubei());

        foreach (var rule in new[] { "R14-YOY-AMOUNT", "R14-YOY-PERCENT" })
        {
            var finding = Assert.Single(results.Single(r => r.RuleId == rule).Findings);
            Assert.Equal(BudgetMesh.Contracts.Report.V1.Severity.Info, finding.Severity);
            Assert.Contains("1处", finding.Message, StringComparison.Ordinal);
        }

        Assert.Equal(BudgetMesh.Contracts.Report.V1.Outcome.Pass, results.Single(r => r.RuleId == "R14-YOY-DIRECTION").Outcome);
    }

    public static TheoryData<string, string, string, string, string> Planted => new()
    {
        // A 项 figure bound to its own row, not to its 类 (R13 at 2010301, not 201).
        { "行政运行（项）11,007,712.34元", "行政运行（项）11,107,712.34元", "R13-FUNCTION-CLASS", "error", "2010301" },
        // One item of a 类-款-项 dash list, and one of a list printed with codes.
        { "公务员医疗补助144,800.00元", "公务员医疗补助154,800.00元", "R13-FUNCTION-CLASS", "error", "2101103" },
        { "2210203购房补贴81,800.00元", "2210203购房补贴91,800.00元", "R13-FUNCTION-CLASS", "error", "2210203" },
        // A share that does not recompute (printed with a space before %).
        { "占72.3 %", "占75.3 %", "R16-SHARES", "warning", "NAR" },
        // 渝北's own defect: 17 projects said, the printed target tables fewer.
        { "编报绩效目标的项目2个", "编报绩效目标的项目17个", "P1-NARRATIVE", "warning", "NAR" },
        { "当年财政拨款630,000.00元", "当年财政拨款16,553,400.00元", "P1-NARRATIVE", "warning", "NAR" },
        // 三公, 机关运行经费 and 政府采购 stated in 元 against 万元 tables.
        { "公务用车运行维护费180,000.00元", "公务用车运行维护费190,000.00元", "T3-NAR-SG", "error", "NAR" },
        { "机关运行经费3,091,700.00元", "机关运行经费3,191,700.00元", "R15-AGENCY-OPERATING", "warning", "NAR" },
        { "政府采购预算总额30,300.00元", "政府采购预算总额33,300.00元", "R13-PROCUREMENT", "error", "NAR" },
        // Year-on-year sentences recomputed from the two figures they state (R14), in 元 to the 分, whichever way the
        // base is printed: "比上年预算数X元减少Y元，下降Z％" and "2024年预算数X元，2025年预算数Y元，比上年增加Z元，增长W%".
        { "下降42.2％", "下降44.2％", "R14-YOY-PERCENT", "error", "比上年预算数36,892,800.00元" },
        { "减少15,564,487.66元", "减少15,546,487.66元", "R14-YOY-AMOUNT", "error", "比上年预算数36,892,800.00元" },
        { "增长3.1%", "增长3.8%", "R14-YOY-PERCENT", "error", "住房公积金（项）2024年预算数900,000.00元" },
        { "比上年减少8,200.00元", "比上年减少8,600.00元", "R14-YOY-AMOUNT", "error", "购房补贴（项）2024年预算数90,000.00元" },
        { "住房公积金（项）2024年预算数900,000.00元", "住房公积金（项）2024年预算数990,000.00元", "R14-YOY-DIRECTION", "error", "住房公积金（项）2024年预算数990,000.00元" },
        { "比上年减少8,200.00元，下降9.1％", "与上年持平", "R14-YOY-DIRECTION", "error", "购房补贴（项）2024年预算数90,000.00元" },
        // The total stated in 元 against SZ.
        { "（一）收入预算：2025年年初预算数21,328,312.34元", "（一）收入预算：2025年年初预算数21,428,312.34元", "R13-INCOME-TOTAL", "error", "NAR" },
    };

    [Theory]
    [MemberData(nameof(Planted))]
    public async Task A_defect_planted_in_the_yubei_style_narrative_is_found_where_it_is(string printed, string replacement, string rule, string severity, string place)
    {
        var before = await DistrictLayouts.ErrorsAndWarnings(DistrictLayouts.Yubei());

        var after = await DistrictLayouts.ErrorsAndWarnings(DistrictLayouts.Yubei(printed, replacement));

        var raised = after.Where(a => !before.Any(b => b.Rule == a.Rule && b.Location == a.Location)).ToList();
        Assert.True(raised.Any(a => a.Rule == rule && a.Severity == severity && a.Locations.Any(l => l.Contains(place, StringComparison.Ordinal))),
            $"{rule} {severity} at {place} not raised; new findings:\n" + string.Join("\n", raised.Select(a => $"{a.Rule} {a.Severity} {a.Location} — {a.Message}")));
        Assert.All(raised, a => Assert.Contains(a.Locations, l => l.StartsWith("NAR", StringComparison.Ordinal)));
    }
}
