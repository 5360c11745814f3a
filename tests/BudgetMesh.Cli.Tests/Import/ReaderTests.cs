using BudgetMesh.Cli.Import;
using BudgetMesh.Contracts.Budget.V1;

namespace BudgetMesh.Cli.Tests.Import;

/// <summary>Each layout family on a few printed lines: pure, no files.</summary>
public sealed class ReaderTests
{
    private const string Head = "某区某局\n2025年部门预算情况说明\n收入预算 100 万元。\n";

    private static ImportResult Import(string tables) => DisclosureImporter.Import(Head + tables, new ImportOptions { DistrictCode = "500107" });

    [Fact]
    public void A_two_sided_overview_is_read_by_its_labels_and_a_function_line_gets_the_code_its_name_has_in_another_table()
    {
        var result = Import(
            "附件1\n2025年某局财政拨款收支总表\n单位：万元\n" +
            "收入\t\t支出\t\t\t\t\n项目\t预算数\t项目\t合计\t一般公共预算\t政府性基金预算\t国有资本经营预算\n" +
            "一、本年收入\t1,000.00\t一、本年支出\t1,000.00\t1,000.00\t\t\n" +
            "一般公共预算资金\t1,000.00\t一般公共服务支出\t1,000.00\t1,000.00\t0\t\n" +
            "二、上年结转\t\t二、结转下年\t\t\t\t\n一般公共预算拨款\t\t\t\t\t\t\n" +
            "收入合计\t1,000.00\t支出合计\t1,000.00\t1,000.00\t\t\n" +
            "附件2\n2025年某局一般公共预算财政拨款支出预算表\n单位：万元\n科目编码\t科目名称\t总计\t基本支出\t项目支出\n" +
            "合计\t\t1,000.00\t1,000.00\t\n201\t一般公共服务支出\t1,000.00\t1,000.00\t\n");

        var cz = result.Package.Tables.Cz;
        Assert.Equal("1000.00", cz.CurrentYearIncome.Amount);
        Assert.Equal("1000.00", cz.GeneralBudgetIncome.Amount);
        Assert.False(cz.CarryoverIncome.HasAmount);
        Assert.Equal("一般公共预算拨款", cz.CarryoverGeneralBudget.Label);
        Assert.Null(cz.GovernmentFundIncome);
        Assert.Equal("201", cz.ExpenditureByFunction.Single().Code);
        Assert.Equal("0", cz.ExpenditureByFunction[0].GovernmentFund);
        Assert.False(cz.ExpenditureByFunction[0].HasStateCapital);
        Assert.Equal("支出合计", cz.ExpenditureTotal.Name);
        Assert.Empty(result.Unplaced);
    }

    [Fact]
    public void A_misprinted_class_name_gets_its_code_by_amount_and_the_inference_is_reported()
    {
        var result = Import(
            "表六\n2025 年部门收支总表\n单位：万元\n收入\t\t支出\t\n项目\t预算数\t项目\t预算数\n" +
            "合计\t7.50\t合计\t7.50\n一般公共预算资金\t7.50\t一般公共预算支出\t7.50\n事业收入资金\t\t\t\n" +
            "表八\n2025 年部门支出总表\n单位：万元\n科目编码\t科目名称\t总计\t基本支出\t项目支出\n合计\t\t7.50\t7.50\t\n201\t一般公共服务支出\t7.50\t7.50\t\n");

        var sz = result.Package.Tables.Sz;
        Assert.Equal("合计", sz.IncomeTotal.Label);
        Assert.Equal([IncomeSource.GeneralBudget, IncomeSource.InstitutionIncome], sz.Income.Select(i => i.Source));
        Assert.False(sz.Income[1].HasAmount);
        Assert.Equal(("201", "一般公共预算支出"), (sz.Expenditure.Single().Code, sz.Expenditure[0].Name));
        Assert.Contains(result.Notes, n => n.Contains("按金额 7.50 推断为 201", StringComparison.Ordinal));
    }

    [Fact]
    public void Income_by_source_columns_follow_the_printed_headings_not_a_fixed_order()
    {
        var result = Import(
            "附件8\n2025年某局部门收入总表\n单位：万元\n科目编码\t科目名称\t总计\t上年结转\t一般公共预算拨款收入\t事业收入\n" +
            "合计\t\t9.00\t1.00\t8.00\t\n201\t一般公共服务支出\t9.00\t1.00\t8.00\t,\n");

        var sr = result.Package.Tables.Sr;
        Assert.Equal(("9.00", "1.00", "8.00"), (sr.TotalRow.Total, sr.TotalRow.Carryover, sr.TotalRow.GeneralBudget));
        Assert.False(sr.TotalRow.HasInstitutionIncome);
        Assert.Equal(",", sr.Rows.Single().InstitutionIncome);
    }

    [Fact]
    public void Procurement_columns_are_named_from_both_heading_rows_and_a_column_without_a_field_is_reported()
    {
        var result = Import(
            "附件12\n2025年某局政府采购明细表\n金额单位：万元\n" +
            "部门单位\t项目编码\t功能科目\t总计\t一般公共预算\t单位资金\n" +
            "\t\t\t\t小计\t一般公共预算资金\t\n" +
            "\t合计：\t\t3.00\t3.00\t3.00\t\n" +
            "102001-某局\t\t\t3.00\t3.00\t3.00\t \n" +
            "102001-某局\tP1\t2010302-一般行政管理事务\t3.00\t3.00\t3.00\t1,000\n" +
            "说明：本表为示例\n");

        var cg = result.Package.Tables.Cg;
        Assert.Equal(("3.00", "3.00"), (cg.TotalRow.Total, cg.TotalRow.GeneralBudget));
        Assert.Equal(string.Empty, cg.Rows[0].ProjectCode);
        Assert.False(cg.Rows[0].HasUnitFunds);
        Assert.Equal(("2010302", "一般行政管理事务", "1000"), (cg.Rows[1].FunctionCode, cg.Rows[1].FunctionName, cg.Rows[1].UnitFunds));
        Assert.Equal(["说明：本表为示例"], cg.Meta.Notes);
        Assert.Contains(result.Notes, n => n.Contains("一般公共预算/一般公共预算资金 3.00", StringComparison.Ordinal));
    }

    [Fact]
    public void Overall_targets_whose_heading_does_not_match_the_cells_are_read_by_meaning_in_the_unit_of_a_caption()
    {
        var result = Import(
            "附件13\n2025年某局整体绩效目标表\n预算(单位)名称: 128-某局\n" +
            "总体资金情况(元)\t预算支出总额\t基本支出\n\t\t合计\n\t1,500.50\t1,500.50\n" +
            "当年整体绩效目标\t<p>目标 </p>\n" +
            "\t指标名称\t指标权重\t计量单位\t指标性质\t指标值\n" +
            "绩效指标\t督查督办实效\t≥\t50\t次\t15\n\t公开率\t=\t100\t%\t\n");

        var zt = result.Package.Tables.Zt;
        Assert.Equal(AmountUnit.Yuan, zt.Meta.Unit);
        Assert.Equal(("128-某局", "1500.50", "<p>目标 </p>"), (zt.DepartmentName, zt.TotalFunds, zt.GoalText));
        Assert.Equal(("", "督查督办实效", "≥", "50", "次", "15"), (zt.Indicators[0].Level1, zt.Indicators[0].Level3, zt.Indicators[0].Operator, zt.Indicators[0].TargetValue, zt.Indicators[0].Unit, zt.Indicators[0].Weight));
        Assert.False(zt.Indicators[1].HasWeight);
        Assert.Contains(result.Notes, n => n.Contains("基本支出 合计 1,500.50", StringComparison.Ordinal));
        Assert.Contains(result.Notes, n => n.Contains("表头与指标行的单元格不对应", StringComparison.Ordinal));
        Assert.Empty(result.Unplaced);
    }

    [Fact]
    public void A_project_target_table_reads_its_keys_a_goal_split_by_a_page_break_and_a_row_printed_one_column_left()
    {
        var result = Import(
            "表十一\n项目绩效目标表\n(2025 年度)\n" +
            "填报单位： 103001-某局（本级）\t\t\n" +
            "项目名称\t50010422T000000091478-督查专项\t项目负责人及联系电话\t幸娅 68832810\n" +
            "资金情况 (万元)\t年度资金总额：\t13.80\t\n\t其中：财政拨款\t13.80\t\n\t其他资金\t\t\n" +
            "总体\t完成考核\t\n目 标\t任务。\t\n" +
            "\t一级指标\t二级指标\t三级指标\t指标性质\t指标值\t度量单位\t权重 (%)\t是否核心指标\n" +
            "绩效指标\t产出指标\t数量指标\t督查专报期数\t≥\t20\t期\t6\t否\n" +
            "\t\t\t督查通报期数\t≥\t10\t期\t6\t否\n" +
            "\t时效指标\t网站更新频率\t≥\t100\t次\t16\t是\t\n");

        var xj = result.Package.Tables.Xj.Single();
        Assert.Equal(AmountUnit.TenThousandYuan, xj.Meta.Unit);
        Assert.Equal(("103001-某局（本级）", "50010422T000000091478", "督查专项", "幸娅", "68832810"), (xj.Unit, xj.ProjectCode, xj.ProjectName, xj.Manager, xj.ManagerPhone));
        Assert.Equal(("13.80", "13.80", false), (xj.FundsTotal, xj.FundsFiscal, xj.HasFundsOther));
        Assert.Equal("完成考核任务。", xj.GoalText);
        Assert.Equal(("产出指标", "数量指标", false), (xj.Indicators[0].Level1, xj.Indicators[0].Level2, xj.Indicators[0].Core));
        Assert.Equal(("", "", "督查通报期数"), (xj.Indicators[1].Level1, xj.Indicators[1].Level2, xj.Indicators[1].Level3));
        Assert.Equal(("", "时效指标", "网站更新频率", true), (xj.Indicators[2].Level1, xj.Indicators[2].Level2, xj.Indicators[2].Level3, xj.Indicators[2].Core));
        Assert.Empty(result.Unplaced);
    }

    [Fact]
    public void Project_targets_with_no_unit_printed_are_in_yuan_when_the_amount_cannot_be_ten_thousands_and_other_funds_add_up()
    {
        var result = Import(
            "附件2\n2025年某局一般公共预算财政拨款支出预算表\n单位：万元\n合计\t\t100.00\t100.00\t\n201\t一般公共服务支出\t100.00\t100.00\t\n" +
            "附件13\n\t2025年某局项目绩效目标表\n\n" +
            "\t项目名称：\n\t会议经费\n\t项目总额：\n\t500000\n\n" +
            "\t整体目标：\n\t\"第一行\n第二行\"   \n\t单位资金：\n\t0.5 \n\n\t\n\t\n\t银行贷款：\n\t1\n\n" +
            "\t2025年某局项目绩效目标表\n\n\t项目名称：\n\t培训经费\n\t项目总额：\n\t20\n");

        var xj = result.Package.Tables.Xj;
        Assert.Equal((AmountUnit.Yuan, "附件13", "500000"), (xj[0].Meta.Unit, xj[0].Meta.AnnexLabel, xj[0].FundsTotal));
        Assert.Equal("\"第一行\n第二行\"   ", xj[0].GoalText);
        Assert.Equal("1.5", xj[0].FundsOther);
        Assert.Equal((AmountUnit.TenThousandYuan, "附件13"), (xj[1].Meta.Unit, xj[1].Meta.AnnexLabel));
        Assert.Empty(result.Unplaced);
    }

    [Fact]
    public void Layout_text_separates_cells_by_runs_of_spaces_and_keeps_single_spaces_inside_a_cell()
    {
        var line = LineTokenizer.Read("  201      PPT 等设计制作        1,690.77   ");

        Assert.Equal(LineKind.Cells, line.Kind);
        Assert.Equal(["201", "PPT 等设计制作", "1,690.77"], line.Cells);
        Assert.Equal(LineKind.Text, LineTokenizer.Read("      2025 年部门收支总表").Kind);
        Assert.Equal(LineKind.Cell, LineTokenizer.Read("\t").Kind);
    }
}
