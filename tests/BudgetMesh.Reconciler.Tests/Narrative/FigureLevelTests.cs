using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.Reconciler.Narrative;
using BudgetMesh.Testing;

namespace BudgetMesh.Reconciler.Tests.Narrative;

/// <summary>
/// R13 binds a figure at the level its sentence names (类, 款 or 项, in every printed form) and compares it at the
/// precision it was printed; quantities of another kind (thresholds, vehicles by kind, set-asides) are not totals.
/// </summary>
public sealed class FigureLevelTests
{
    private static Finding FailsOnce(NarrativeResults results, string ruleId)
    {
        var result = results[ruleId];
        Assert.True(result.Outcome == Outcome.Fail, results.ToString());
        return Assert.Single(result.Findings, f => f.Severity is Severity.Error or Severity.Warning);
    }

    [Fact]
    public void Item_figures_printed_as_类_款_项_names_and_as_dashes_bind_to_their_项_rows_and_agree()
    {
        // 政府办 2025 prints "“一般公共服务支出-政府办公厅（室）及相关机构事务-行政运行”科目1,202.95万元"; 万里 2024
        // "“一般公共服务支出（类）统计信息事务（款）专项普查活动（项）”25.77万元"; 司法局 2026 "（204类）…（06款）…（99项）".
        foreach (var id in Corpus.All)
        {
            var results = NarrativeResults.Of(Corpus.Load(id));
            var function = results[NarrativeChecks.FunctionClass];
            Assert.True(function.Outcome is Outcome.Pass or Outcome.Fail, $"{id}: {function.Outcome}");
            // Every 项 figure bound to its own row: at most the one planted/misprinted budget sentence disagrees.
            Assert.True(function.Findings.Count(f => f.Severity == Severity.Error) <= 1, $"{id}: {results}");
            Assert.All(function.Findings, f => Assert.DoesNotContain(f.Locations, l => l.RowCode.Length == 3));
        }

        Assert.Equal(Outcome.Pass, NarrativeResults.Of(Corpus.Load(Corpus.PutuoGovOffice2025))[NarrativeChecks.FunctionClass].Outcome);
    }

    [Fact]
    public void A_项_figure_changed_by_one_digit_is_an_error_at_its_row_not_at_its_类()
    {
        var package = SeedPackages.WithNarrative(Corpus.Load(Corpus.PutuoGovOffice2025), "科目1,202.95万元", "科目1,212.95万元");

        var finding = FailsOnce(NarrativeResults.Of(package), NarrativeChecks.FunctionClass);

        Assert.Equal(Severity.Error, finding.Severity);
        Assert.Contains(finding.Locations, l => l.Table is TableKey.Gf or TableKey.Zc && l.RowCode == "2010301");
        Assert.Equal(("12029501.84", "12129500.00", "50.00", "元"), (finding.Expected, finding.Actual, finding.Tolerance, finding.Unit));
    }

    [Fact]
    public void The_万里_housing_fund_budget_stated_as_352_67_where_its_heading_and_table_say_350_35_is_one_error_at_that_sentence()
    {
        var results = NarrativeResults.Of(Corpus.Load(Corpus.PutuoWanli2024));

        var finding = FailsOnce(results, NarrativeChecks.FunctionClass);
        Assert.Equal(Severity.Error, finding.Severity);
        Assert.StartsWith("2023年当年预算执行数为348.52万元，2024年预算安排352.67万元", results.SpanText(finding), StringComparison.Ordinal);
        Assert.Contains(finding.Locations, l => l.RowCode == "2210201");
        // The stated 0.53 % recomputes from the heading's 350.35: the one wrong figure is not reported twice.
        Assert.DoesNotContain(results[NarrativeChecks.YoyPercent].Findings, f => f.Severity == Severity.Error);
    }

    [Fact]
    public void The_司法局_housing_fund_budget_201_50_under_a_heading_of_208_8_is_an_error_at_that_sentence()
    {
        var results = NarrativeResults.Of(Corpus.Load(Corpus.PutuoJustice2026));

        var finding = FailsOnce(results, NarrativeChecks.FunctionClass);
        Assert.StartsWith("2025年当年预算执行数为198.34万元，2026年预算安排201.50万元", results.SpanText(finding), StringComparison.Ordinal);
        Assert.Contains(finding.Locations, l => l.RowCode == "2210201");
        Assert.Contains("同一科目另处所述208.8万元与附表一致", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）行政运行（项）11,007,700.00元")]
    [InlineData("“一般公共服务支出-政府办公厅（室）及相关机构事务-行政运行”科目1100.77万元")]
    [InlineData("一般公共服务支出（201类）政府办公厅（室）及相关机构事务（03款）行政运行（01项）1100.77万元")]
    [InlineData("2010301行政运行1100.77万元")]
    public void A_sentence_naming_a_项_in_any_printed_form_is_compared_with_that_row(string sentence)
    {
        // 渝北区政府办 2024's form ("…行政运行（项）10,473,468.05元…"), here with seed 000's own 行政运行 row (1100.77 万元).
        var passing = WithSentence(sentence);
        var failing = WithSentence(sentence.Replace("1100.77", "1100.97", StringComparison.Ordinal).Replace("11,007,700.00", "11,009,700.00", StringComparison.Ordinal));

        Assert.Equal(Outcome.Pass, passing[NarrativeChecks.FunctionClass].Outcome);
        var finding = FailsOnce(failing, NarrativeChecks.FunctionClass);
        Assert.Contains(finding.Locations, l => l.Table is TableKey.Gf or TableKey.Zc && l.RowCode == "2010301");
    }

    [Fact]
    public void An_item_list_under_a_path_binds_item_by_item()
    {
        var results = WithSentence("一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）行政运行（项）1100.77万元、一般行政管理事务（项）590万元");

        Assert.Equal(Outcome.Pass, results[NarrativeChecks.FunctionClass].Outcome);
        var wrong = WithSentence("一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）行政运行（项）1100.77万元、一般行政管理事务（项）580万元");
        Assert.Contains(FailsOnce(wrong, NarrativeChecks.FunctionClass).Locations, l => l.RowCode == "2010302");
    }

    [Fact]
    public void Items_listed_under_a_类_and_a_款_bind_to_their_own_rows()
    {
        const string List = "一般公共服务支出（类）1690.77万元，其中：政府办公厅（室）及相关机构事务（款）1690.77万元，行政运行（项）1100.77万元、一般行政管理事务（项）590万元";
        Assert.Equal(Outcome.Pass, WithSentence(List)[NarrativeChecks.FunctionClass].Outcome);

        var wrong = WithSentence(List.Replace("行政运行（项）1100.77万元", "行政运行（项）1010.77万元", StringComparison.Ordinal));
        Assert.Contains(FailsOnce(wrong, NarrativeChecks.FunctionClass).Locations, l => l.RowCode == "2010301");
    }

    [Fact]
    public void A_项_figure_true_of_its_row_as_GF_or_as_ZC_prints_it_passes()
    {
        // 政府办 2025 lists "财政拨款支出主要内容": had the department other money, ZC's 行政运行 would be larger than GF's.
        var package = Corpus.Load(Corpus.PutuoGovOffice2025);
        package.Tables.Zc.Rows.Single(r => r.Code == "2010301").Total = "13029501.84";
        Assert.Equal(Outcome.Pass, NarrativeResults.Of(package)[NarrativeChecks.FunctionClass].Outcome);

        package.Tables.Gf.Rows.Single(r => r.Code == "2010301").Total = "13029501.84";
        Assert.Contains(FailsOnce(NarrativeResults.Of(package), NarrativeChecks.FunctionClass).Locations, l => l.RowCode == "2010301");
    }

    [Fact]
    public void A_项_name_printed_shorter_than_the_table_still_finds_its_one_row()
    {
        const string Printed = "其他政府办公厅（室）及相关机构事务支出”科目2,012万元";
        var shortened = SeedPackages.WithNarrative(Corpus.Load(Corpus.PutuoGovOffice2025), Printed, "其他政府办公厅（室）及相关机构事务”科目2,012万元");
        Assert.Equal(Outcome.Pass, NarrativeResults.Of(shortened)[NarrativeChecks.FunctionClass].Outcome);

        var wrong = SeedPackages.WithNarrative(Corpus.Load(Corpus.PutuoGovOffice2025), Printed, "其他政府办公厅（室）及相关机构事务”科目2,021万元");
        Assert.Contains(FailsOnce(NarrativeResults.Of(wrong), NarrativeChecks.FunctionClass).Locations, l => l.RowCode == "2010399");
    }

    [Fact]
    public void An_integer_万元_figure_matches_a_元_cell_within_5000_元()
    {
        // 政府办 2025: "…一般行政管理事务”科目4,614万元" against GF 2010302 46,140,000.00 元.
        var package = Corpus.Load(Corpus.PutuoGovOffice2025);
        SetBoth("46144999.00");
        Assert.Equal(Outcome.Pass, NarrativeResults.Of(package)[NarrativeChecks.FunctionClass].Outcome);

        SetBoth("46145001.00");
        var finding = FailsOnce(NarrativeResults.Of(package), NarrativeChecks.FunctionClass);
        Assert.Equal(("5000.00", "元"), (finding.Tolerance, finding.Unit));

        void SetBoth(string amount)
        {
            package.Tables.Gf.Rows.Single(r => r.Code == "2010302").Total = amount;
            package.Tables.Zc.Rows.Single(r => r.Code == "2010302").Total = amount;
        }
    }

    [Fact]
    public void An_equipment_threshold_is_not_a_figure_to_bind()
    {
        // "单价100万元（含）以上设备（不含车辆）0台（套）" in every Shanghai document.
        foreach (var id in Corpus.All)
        {
            var results = NarrativeResults.Of(Corpus.Load(id));
            Assert.DoesNotContain(results[NarrativeChecks.UnboundFigure].Findings, f => f.Message.Contains("100万元", StringComparison.Ordinal));
        }

        // The same amount printed without the threshold's words is a figure again, and nobody can place it.
        var mutated = SeedPackages.WithNarrative(Corpus.Load(Corpus.PutuoWanli2024), "部门预算安排购置单价100万元（含）以上设备", "部门预算安排购置设备100万元，其中设备");
        Assert.Contains(NarrativeResults.Of(mutated)[NarrativeChecks.UnboundFigure].Findings, f => f.Message.Contains("100万元", StringComparison.Ordinal));

        // A figure nobody can place is still shown, for review (not as a warning against the document): 万里 2024's
        // "第一季度用款计划158.05万元".
        var wanli = NarrativeResults.Of(Corpus.Load(Corpus.PutuoWanli2024));
        Assert.Equal(Outcome.Review, wanli[NarrativeChecks.UnboundFigure].Outcome);
        Assert.Contains(wanli[NarrativeChecks.UnboundFigure].Findings, f => f.Severity == Severity.Info && f.Message.Contains("158.05万元", StringComparison.Ordinal));
    }

    [Fact]
    public void Vehicles_by_kind_set_asides_and_key_evaluation_amounts_are_not_competing_totals()
    {
        // 万里 2024: "共有车辆7辆，其中：部级领导干部用车0辆…其他用车7辆" and "面向中小企业预留…664.98万元" beside 政府采购 1662.44.
        Assert.DoesNotContain(NarrativeResults.Of(Corpus.Load(Corpus.PutuoWanli2024))[NarrativeChecks.ConsistentFigures].Findings, f => f.Severity == Severity.Error);

        // 渝北区政府办 2024: vehicles 1+1+3+0+0 = 5, and "纳入重点…金额0元" beside the coverage (here seed 000's 590 万元).
        var package = SeedPackages.WithNarrative(
            SeedPackages.Seed000,
            "共有车辆6辆，其中一般公务用车6辆、执勤执法用车0辆",
            "共有车辆5辆，其中：领导干部用车1辆、一般公务用车1辆、执法执勤用车3辆、特种专业技术用车0辆、其他用车0辆");
        package = SeedPackages.WithNarrative(
            package,
            "涉及一般公共预算当年财政拨款590万元",
            "纳入绩效目标管理的项目17个，涉及资金5,900,000元；纳入重点绩效评价的项目0个，金额0元");
        var results = NarrativeResults.Of(package);
        Assert.DoesNotContain(results[NarrativeChecks.ConsistentFigures].Findings, f => f.Severity == Severity.Error);
        Assert.DoesNotContain(results[NarrativeChecks.UnboundFigure].Findings, f => f.Message.Contains("辆", StringComparison.Ordinal));
    }

    [Fact]
    public void A_vehicle_total_stated_twice_with_two_values_is_still_an_error()
    {
        // Seed 000 states "所属各预算单位共有车辆6辆" in its 国有资产 section.
        var results = WithSentence("截至2023年底共有车辆5辆");

        Assert.Contains("车辆总数", FailsOnce(results, NarrativeChecks.ConsistentFigures).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Shares_of_two_parts_that_make_the_whole_recompute_from_the_parts()
    {
        // Seed 000: 基本支出 1542.83 and 项目支出 590 of 2132.83 万元: 72.3 % and 27.7 %.
        var exact = WithSentence("其中基本支出1542.83万元，占72.3%；项目支出590万元，占27.7%");
        Assert.Equal(Outcome.Pass, exact[NarrativeChecks.Shares].Outcome);

        var wrong = WithSentence("其中基本支出1542.83万元，占75.3%；项目支出590万元，占24.7%");
        Assert.Equal(Outcome.Fail, wrong[NarrativeChecks.Shares].Outcome);
        Assert.Equal(["72.34", "27.66"], wrong[NarrativeChecks.Shares].Findings.Select(f => f.Expected));
        Assert.All(wrong[NarrativeChecks.Shares].Findings, f => Assert.Equal(Severity.Warning, f.Severity));
    }

    private static NarrativeResults WithSentence(params string[] sentences)
    {
        var package = SeedPackages.Load(SeedPackages.Seed000);
        package.Narrative.Text += "\n七、其他说明\n" + string.Join("\n", sentences.Select(s => s + "。"));
        return NarrativeResults.Of(package);
    }
}
