using BudgetMesh.Cli.Import;
using BudgetMesh.Contracts.Budget.V1;

namespace BudgetMesh.Cli.Tests.Import;

/// <summary>
/// Layouts the corpus lacks, from constructed documents (tests/fixtures/constructed, see its README): Chongqing text with
/// single spaces between cells and blank cells dropped (潼南-like), and 元 amounts with thousands separators, a first title
/// with neither label nor year, a 三公 table with the prior year beside the budget year and indicators whose columns
/// stand in an order of their own (渝北-like). Each is read by what the layout means; nothing is left unplaced.
/// </summary>
public sealed class RegionalLayoutTests
{
    private static ImportResult Import(string file) =>
        DisclosureImporter.Import(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "constructed", file)), new ImportOptions());

    [Fact]
    public void Single_spaced_tables_with_dropped_blanks_are_placed_by_their_sums()
    {
        var result = Import("chongqing-spaced-2025.txt");
        var tables = result.Package.Tables;

        Assert.Equal(["CZ", "GF", "JB", "SG", "ZC", "ZT", "XJ"], result.Tables);
        Assert.Empty(result.Unplaced);

        // GF: 行政运行 is basic and 一般行政管理事务 project spending because 20103 prints 810.30 basic and 240.00 project.
        var gf = tables.Gf.Rows.ToDictionary(r => r.Code);
        Assert.Equal(14, gf.Count);
        Assert.Equal(("810.30", "810.30", false), (gf["2010301"].Total, gf["2010301"].Basic, gf["2010301"].HasProject));
        Assert.Equal(("240.00", false, "240.00"), (gf["2010302"].Total, gf["2010302"].HasBasic, gf["2010302"].Project));
        Assert.All(["208", "20805", "2080505", "2080506", "210", "21011", "2101101", "221", "22102", "2210201"], code =>
            Assert.Equal((gf[code].Total, false), (gf[code].Basic, gf[code].HasProject)));
        Assert.Equal(("1250.60", "1010.60", "240.00"), (tables.Gf.TotalRow.Total, tables.Gf.TotalRow.Basic, tables.Gf.TotalRow.Project));

        // JB: 301 and 303 are personnel, 302 public use, each 款 with its 类 (合计 900.00 personnel = 860.00 + 40.00).
        Assert.All(tables.Jb.Rows, r => Assert.Equal(r.Code.StartsWith("302", StringComparison.Ordinal), r.HasPublicUse));
        Assert.All(tables.Jb.Rows, r => Assert.Equal(r.Total, r.HasPublicUse ? r.PublicUse : r.Personnel));
        Assert.Equal(16, tables.Jb.Rows.Count);

        // SG: five figures for six columns; only 出国 blank keeps 合计 = 出国 + 车辆 + 接待 and 小计 = 购置 + 运行.
        var sg = tables.Sg.CurrentYear;
        Assert.Equal(("37.80", false, "35.60", "8.10", "27.50", "2.20"),
            (sg.Total, sg.HasOutboundTravel, sg.VehiclesSubtotal, sg.VehiclePurchase, sg.VehicleOperation, sg.Reception));

        Assert.Equal(["201", "20103", "208", "20805", "210", "21011", "221", "22102"], tables.Zc.Rows.Select(r => r.Code));
        Assert.Equal("49.30", tables.Zc.Rows[^1].Basic);

        Assert.Equal(("312001 政府办", "1250.60"), (tables.Zt.DepartmentName, tables.Zt.TotalFunds));
        Assert.Equal("保障区政府机关高效运转，做好督查督办、政务值班和政务公开工作。", tables.Zt.GoalText);
        Assert.Equal(4, tables.Zt.Indicators.Count);
        // A row whose merged 一级指标 cell is blank keeps its 二级指标 and name.
        Assert.Equal(("", "质量指标", "政务信息公开率", "＝", "100", "%", "20"), Fields(tables.Zt.Indicators[1]));

        var xj = Assert.Single(tables.Xj);
        Assert.Equal(("督查督办专项工作经费", "312-重庆市潼南区人民政府办公室", "312001-政府办", "李明", "023-44556677"),
            (xj.ProjectName, xj.Department, xj.ImplementingUnit, xj.Manager, xj.ManagerPhone));
        Assert.Equal(("240.00", "240.00", "0"), (xj.FundsTotal, xj.FundsFiscal, xj.FundsOther));
        Assert.Equal(("产出指标", "数量指标", "督查专报期数", "≥", "24", "期", "30"), Fields(xj.Indicators[0]));
    }

    [Fact]
    public void A_unit_code_printed_over_the_tables_gives_department_and_unit()
    {
        var header = Import("chongqing-spaced-2025.txt").Package.Header;

        Assert.Equal(("312", "312001", "500152"), (header.DepartmentCode, header.UnitCode, header.DistrictCode));
        Assert.Equal(AmountUnit.TenThousandYuan, header.AmountUnit);
    }

    [Fact]
    public void A_yuan_document_with_unlabelled_titles_prior_year_columns_and_its_own_indicator_order_is_read_by_meaning()
    {
        var result = Import("chongqing-yuan-2024.txt");
        var tables = result.Package.Tables;

        Assert.Equal(["SZ", "ZC", "CZ", "GF", "SG", "XJ"], result.Tables);
        Assert.Empty(result.Unplaced);
        Assert.Equal(AmountUnit.Yuan, result.Package.Header.AmountUnit);
        Assert.All(new[] { tables.Sz.Meta, tables.Zc.Meta, tables.Cz.Meta, tables.Gf.Meta, tables.Sg.Meta }, m => Assert.Equal(AmountUnit.Yuan, m.Unit));
        Assert.Equal(("", "附件2", "附件3", "附件4", "附件5-1"), (tables.Sz.Meta.AnnexLabel, tables.Zc.Meta.AnnexLabel, tables.Cz.Meta.AnnexLabel, tables.Gf.Meta.AnnexLabel, tables.Sg.Meta.AnnexLabel));
        Assert.Equal("重庆市渝北区人民政府办公室部门支出总表", tables.Zc.Meta.PrintedTitle);

        Assert.Equal("10473468.05", tables.Sz.IncomeTotal.Amount);
        Assert.Equal(["201", "208", "221"], tables.Sz.Expenditure.Select(e => e.Code));
        Assert.Equal("10473468.05", tables.Cz.IncomeTotal.Amount);
        Assert.Equal("853468.05", tables.Gf.Rows.Single(r => r.Code == "2080505").Basic);

        // 2023年预算数 and 2024年预算数 side by side: the earlier year is the prior year.
        Assert.Equal(("312000.00", "280000.00", "280000.00", "32000.00"),
            (tables.Sg.PriorYear.Total, tables.Sg.PriorYear.VehiclesSubtotal, tables.Sg.PriorYear.VehicleOperation, tables.Sg.PriorYear.Reception));
        Assert.Equal(("298500.00", "270000.00", "28500.00", false),
            (tables.Sg.CurrentYear.Total, tables.Sg.CurrentYear.VehicleOperation, tables.Sg.CurrentYear.Reception, tables.Sg.CurrentYear.HasVehiclePurchase));

        // 指标值 and 度量单位 printed before 指标性质, then 权重 and 是否核心指标: each cell where its header says.
        var indicators = Assert.Single(tables.Xj).Indicators;
        Assert.Equal(4, indicators.Count);
        Assert.Equal(("产出指标", "数量指标", "督查通报期数", "≥", "12", "期", "30"), Fields(indicators[0]));
        Assert.True(indicators[0].Core);
        Assert.Equal(("", "时效指标", "督办事项按时办结率", "≥", "95", "%", "30"), Fields(indicators[1]));
        Assert.False(indicators[1].Core);
        Assert.Equal(("满意度指标", "服务对象满意度指标", "群众满意度", "定性", "高", "", "20"), Fields(indicators[3]));
        Assert.DoesNotContain(result.Notes, n => n.Contains("表头与指标行的单元格不对应", StringComparison.Ordinal));
    }

    [Fact]
    public void A_three_public_row_whose_dropped_blank_the_sums_cannot_place_is_reported_not_guessed()
    {
        // 27.50 is 购置费 or 运行费: both keep 小计 = 购置 + 运行.
        const string text = "某区某局\n2025年部门预算情况说明\n正文。\n附件4\n2025年一般公共预算“三公”经费支出表\n单位：万元\n" +
            "合计 因公出国（境）费 公务用车购置及运行费 公务接待费\n小计 公务用车购置费 公务用车运行费\n29.70 27.50 27.50 2.20\n";

        var result = DisclosureImporter.Import(text, new ImportOptions());

        Assert.Null(result.Package.Tables.Sg.CurrentYear);
        var line = Assert.Single(result.Unplaced);
        Assert.Equal(("29.70 27.50 27.50 2.20", "SG", DroppedBlanks.Undecided), (line.Text, line.Table, line.Reason));
    }

    [Theory]
    [InlineData("29.70                      27.50               27.50            2.20", "vehicleOperation")]
    [InlineData("29.70                      27.50     27.50                      2.20", "vehiclePurchase")]
    public void A_three_public_row_the_sums_cannot_place_is_placed_by_the_header_its_figures_stand_under_in_aligned_text(string figures, string field)
    {
        // Aligned text drops blank cells too (runs of spaces print none); 27.50 under 运行费 or under 购置费 decides what the sums cannot.
        var text = "某区某局\n2025年部门预算情况说明\n正文。\n附件4\n2025年一般公共预算“三公”经费支出表\n单位：万元\n" +
            "合计    因公出国（境）费    公务用车购置及运行费          公务接待费\n" +
            "                            小计    购置费    运行费\n" + figures + "\n";

        var result = DisclosureImporter.Import(text, new ImportOptions());

        Assert.Empty(result.Unplaced);
        var sg = result.Package.Tables.Sg.CurrentYear;
        Assert.Equal(("29.70", false, "27.50", "2.20"), (sg.Total, sg.HasOutboundTravel, sg.VehiclesSubtotal, sg.Reception));
        Assert.Equal((field == "vehiclePurchase" ? "27.50" : null, field == "vehicleOperation" ? "27.50" : null),
            (sg.HasVehiclePurchase ? sg.VehiclePurchase : null, sg.HasVehicleOperation ? sg.VehicleOperation : null));
    }

    [Fact]
    public void Rows_whose_kuan_is_not_printed_are_placed_by_code_under_their_lei_and_the_missing_kuan_is_reported()
    {
        // No 20103 row: 2010301 and 2010302 belong to 款 20103 by their code, so 类 201's basic and project decide them.
        const string text = "某区某局\n2025年部门预算情况说明\n正文。\n附件2\n2025年一般公共预算财政拨款支出预算表\n单位：万元\n" +
            "科目编码 科目名称 合计 基本支出 项目支出\n合计 1,050.30 810.30 240.00\n201 一般公共服务支出 1,050.30 810.30 240.00\n" +
            "2010301 行政运行 810.30 810.30\n2010302 一般行政管理事务 240.00 240.00\n";

        var result = DisclosureImporter.Import(text, new ImportOptions());

        Assert.Empty(result.Unplaced);
        var gf = result.Package.Tables.Gf.Rows.ToDictionary(r => r.Code);
        Assert.Equal(("810.30", "810.30", false), (gf["2010301"].Total, gf["2010301"].Basic, gf["2010301"].HasProject));
        Assert.Equal(("240.00", false, "240.00"), (gf["2010302"].Total, gf["2010302"].HasBasic, gf["2010302"].Project));
        Assert.Contains(result.Notes, n => n.Contains("款级科目 20103 未印出", StringComparison.Ordinal) && n.Contains("2010301、2010302 按编码归入 类 201", StringComparison.Ordinal));
    }

    [Fact]
    public void A_row_under_a_missing_kuan_that_its_lei_cannot_decide_either_is_still_reported()
    {
        // Both 项 print one amount equal to the other's: 类 201 (5.00 basic, 5.00 project) keeps either placement.
        const string text = "某区某局\n2025年部门预算情况说明\n正文。\n附件2\n2025年一般公共预算财政拨款支出预算表\n单位：万元\n" +
            "科目编码 科目名称 合计 基本支出 项目支出\n合计 10.00 5.00 5.00\n201 一般公共服务支出 10.00 5.00 5.00\n" +
            "2010301 行政运行 5.00 5.00\n2010302 一般行政管理事务 5.00 5.00\n";

        var result = DisclosureImporter.Import(text, new ImportOptions());

        Assert.Equal(["2010301 行政运行 5.00 5.00", "2010302 一般行政管理事务 5.00 5.00"], result.Unplaced.Select(u => u.Text));
        Assert.All(result.Unplaced, u => Assert.Equal(DroppedBlanks.Undecided, u.Reason));
    }

    [Theory]
    [InlineData("附件2：2025年部门支出总表", "附件2")]
    [InlineData("附件2 2025年部门支出总表", "附件2")]
    [InlineData("表2\n2025年部门支出总表", "表2")]
    [InlineData("附件2-1\n2025年部门支出总表", "附件2-1")]
    [InlineData("某局部 门 支 出 总 表", "")]
    public void Titles_are_recognised_with_any_label_form_or_none_above_a_unit_line(string title, string label)
    {
        var text = $"某区某局\n2025年部门预算情况说明\n正文。\n{title}\n编制单位：某局\t\t单位：元\n科目编码\t科目名称\t合计\t基本支出\t项目支出\n201\t一般公共服务支出\t5.00\t5.00\t\n";

        var result = DisclosureImporter.Import(text, new ImportOptions());

        Assert.Equal(["ZC"], result.Tables);
        Assert.Equal(label, result.Package.Tables.Zc.Meta.AnnexLabel);
        Assert.Equal(AmountUnit.Yuan, result.Package.Tables.Zc.Meta.Unit);
        Assert.Equal("某区某局\n2025年部门预算情况说明\n正文。", result.Package.Narrative.Text);
        Assert.Empty(result.Unplaced);
    }

    private static (string, string, string, string, string, string, string) Fields(Indicator i) =>
        (i.Level1, i.Level2, i.Level3, i.Operator, i.TargetValue, i.Unit, i.Weight);
}
