using BudgetMesh.Cli.Commands;
using BudgetMesh.Cli.Import;
using BudgetMesh.Contracts.Budget.V1;

namespace BudgetMesh.Cli.Tests.Import;

/// <summary>
/// Acceptance 4: a province is a data file. tests/fixtures/constructed/province-example.profile.json words every title,
/// heading, row label and key differently from the built-in profiles (资金收支总览表 with 当年预算收入/往年结余/年末结余,
/// 部门收支一览表 with 财政补助收入/自有收入, a procurement table with 采购单位/功能类目/采购门类 and its own kind words, a
/// project target form with 项目称谓/责任人及电话/自筹资金); with it and nothing else the constructed document in that
/// layout is read completely, without it none of its tables is.
/// </summary>
public sealed class ProvinceProfileTests
{
    private static readonly string Directory = Path.Combine(AppContext.BaseDirectory, "constructed");

    private static string Document => File.ReadAllText(Path.Combine(Directory, "province-example-2025.txt"));

    private static LayoutProfiles Layouts =>
        LayoutProfiles.Builtin.With([LayoutProfiles.Parse(File.ReadAllText(Path.Combine(Directory, "province-example.profile.json")), "province-example.profile.json")]);

    [Fact]
    public void Without_its_profile_no_table_of_the_province_is_read_and_every_line_is_reported()
    {
        var result = DisclosureImporter.Import(Document, new ImportOptions());

        Assert.Empty(result.Tables);
        Assert.Contains(result.Unplaced, u => u.Text.StartsWith("当年预算收入", StringComparison.Ordinal));
    }

    [Fact]
    public void With_its_profile_alone_every_table_is_read_and_nothing_is_left()
    {
        var result = DisclosureImporter.Import(Document, new ImportOptions { Layouts = Layouts });
        var tables = result.Package.Tables;

        Assert.Equal(["CZ", "SZ", "CG", "XJ"], result.Tables);
        Assert.Empty(result.Unplaced);

        // Two sides by their labels: a fund line under 往年结余 is the carry-over's; any other expenditure label a function line.
        var cz = tables.Cz;
        Assert.Equal(("当年预算收入", "100.00"), (cz.CurrentYearIncome.Label, cz.CurrentYearIncome.Amount));
        Assert.Equal(("一般预算资金", "100.00"), (cz.GeneralBudgetIncome.Label, cz.GeneralBudgetIncome.Amount));
        Assert.Equal(("往年结余", "0.00"), (cz.CarryoverIncome.Label, cz.CarryoverIncome.Amount));
        Assert.Equal(("一般预算资金", "0.00"), (cz.CarryoverGeneralBudget.Label, cz.CarryoverGeneralBudget.Amount));
        Assert.Equal("100.00", cz.IncomeTotal.Amount);
        Assert.Equal(["一般公共服务支出", "社会保障和就业支出"], cz.ExpenditureByFunction.Select(e => e.Name));
        Assert.Equal(("90.00", "90.00", false), (cz.ExpenditureByFunction[0].Total, cz.ExpenditureByFunction[0].GeneralBudget, cz.ExpenditureByFunction[0].HasGovernmentFund));
        Assert.Equal(("年末结余", false), (cz.CarryForward.Name, cz.CarryForward.HasTotal));
        Assert.Equal(("支出总额", "100.00", "100.00"), (cz.ExpenditureTotal.Name, cz.ExpenditureTotal.Total, cz.ExpenditureTotal.GeneralBudget));

        var sz = tables.Sz;
        Assert.Equal([(IncomeSource.FiscalAppropriation, "财政补助收入", "100.00"), (IncomeSource.Other, "自有收入", "5.00")], sz.Income.Select(i => (i.Source, i.Label, i.Amount)));
        Assert.Equal(("105.00", "105.00"), (sz.IncomeTotal.Amount, sz.ExpenditureTotal.Amount));
        Assert.Equal(["一般公共服务支出", "社会保障和就业支出"], sz.Expenditure.Select(e => e.Name));

        // Columns by their own headers; a 编码-名称 cell split; the kind by the profile's own words.
        var cg = Assert.Single(tables.Cg.Rows);
        Assert.Equal(("某局", "办公设备购置", "2010301", "行政运行", ProcurementKind.Goods, "3.00"),
            (cg.Unit, cg.ProjectName, cg.FunctionCode, cg.FunctionName, cg.Kind, cg.Total));
        Assert.Equal("3.00", tables.Cg.TotalRow.Total);

        // Keys by the profile's words: a name with its code, a manager with the phone, parts added up into 其他资金.
        var xj = Assert.Single(tables.Xj);
        Assert.Equal(("2025001", "办公设备购置", "张三", "12345678"), (xj.ProjectCode, xj.ProjectName, xj.Manager, xj.ManagerPhone));
        Assert.Equal(("3.00", "1.50"), (xj.FundsTotal, xj.FundsOther));
        Assert.Equal("完成办公设备购置，保障日常办公。", xj.GoalText);
        Assert.Contains(result.Notes, n => n.Contains("由分项 1.00、0.50 合计", StringComparison.Ordinal));
        Assert.Equal([("产出指标", "数量指标", "购置台数", "≥", "10", "台", "50"), ("效果指标", "满意度指标", "使用人员满意度", "≥", "90", "%", "50")],
            xj.Indicators.Select(i => (i.Level1, i.Level2, i.Level3, i.Operator, i.TargetValue, i.Unit, i.Weight)));
        Assert.Contains("附注：设备按政府采购程序购置。", xj.Meta.Notes);
    }

    [Fact]
    public async Task The_import_command_reads_the_province_with_its_profile_file()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        await BudgetMeshCli.RunAsync(
            ["import", Path.Combine(Directory, "province-example-2025.txt"), "--profile", Path.Combine(Directory, "province-example.profile.json"), "--district", "110101"],
            output, error, _ => null);

        Assert.Contains("已识别 4 张表：CZ SZ CG XJ", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("\"functionCode\": \"2010301\"", output.ToString(), StringComparison.Ordinal);
    }
}
