using System.Globalization;
using BudgetMesh.Contracts.Budget.V1;

namespace BudgetMesh.Publication.Rendering;

/// <summary>
/// The official layout of every annex table (columns, order, the 合计 row first, indentation by code level),
/// in the order the annexes are normally numbered. Absent tables are left out; declared-empty ones stay.
/// </summary>
internal static class TableLayouts
{
    private static readonly TableColumn Code = new("科目编码", CellKind.Code);
    private static readonly TableColumn Name = new("科目名称", CellKind.Text);

    public static IReadOnlyList<DisclosureTable> From(BudgetPackage package)
    {
        var t = package.Tables ?? new AnnexTables();
        var unit = package.Header?.AmountUnit ?? AmountUnit.Unspecified;
        var tables = new List<DisclosureTable>();
        void Add(DisclosureTable? table)
        {
            if (table is not null)
            {
                tables.Add(table);
            }
        }

        Add(t.Cz is { } cz ? FiscalOverview(cz, unit) : null);
        Add(t.Gf is { } gf ? Function("GF", "一般公共预算财政拨款支出预算表", gf, unit) : null);
        Add(t.Jb is { } jb ? Basic(jb, unit) : null);
        Add(t.Jbg is { } jbg ? Economic("JBG", "一般公共预算财政拨款基本支出预算表（政府预算支出经济分类）", jbg, unit) : null);
        Add(t.Sg is { } sg ? ThreePublic(sg, unit, package.Header?.BudgetYear ?? 0) : null);
        Add(t.Jj is { } jj ? Function("JJ", "政府性基金预算支出表", jj, unit) : null);
        Add(t.Gz is { } gz ? Function("GZ", "国有资本经营预算支出表", gz, unit) : null);
        Add(t.Sz is { } sz ? DepartmentOverview(sz, unit) : null);
        Add(t.Sr is { } sr ? IncomeBySource(sr, unit) : null);
        Add(t.Zc is { } zc ? Function("ZC", "部门支出总表", zc, unit) : null);
        Add(t.Xmj is { } xmj ? Economic("XMJ", "项目支出预算表（部门预算支出经济分类）", xmj, unit) : null);
        Add(t.Xmg is { } xmg ? Economic("XMG", "项目支出预算表（政府预算支出经济分类）", xmg, unit) : null);
        Add(t.Xm is { } xm ? ProjectList(xm, unit) : null);
        Add(t.Cg is { } cg ? Procurement(cg, unit) : null);
        Add(t.Zt is { } zt ? OverallTarget(zt, unit) : null);
        for (var i = 0; i < t.Xj.Count; i++)
        {
            Add(ProjectTarget(t.Xj[i], unit, i + 1));
        }

        return tables;
    }

    /// <summary>类 / 款 / 项 (3 / 5 / 7 digits; economic codes 3 / 5) → 0 / 1 / 2.</summary>
    public static int Level(string code) => code.Trim().Length switch
    {
        <= 3 => 0,
        <= 5 => 1,
        _ => 2,
    };

    private static DisclosureTable Make(
        string fileKey, string key, string standardTitle, TableMeta? meta, AmountUnit packageUnit,
        IReadOnlyList<TableColumn> columns, IReadOnlyList<TableRow> rows, IReadOnlyList<TableField>? fields = null)
    {
        meta ??= new TableMeta();
        return new DisclosureTable(
            fileKey,
            key,
            string.IsNullOrWhiteSpace(meta.PrintedTitle) ? standardTitle : meta.PrintedTitle,
            meta.AnnexLabel,
            meta.Unit == AmountUnit.Unspecified ? packageUnit : meta.Unit,
            meta.State == TableState.DeclaredEmpty,
            meta.EmptyExplanation,
            [.. meta.Notes],
            fields ?? [],
            columns,
            rows);
    }

    private static TableRow Coded(string code, string name, params string?[] amounts) =>
        new([code, name, .. amounts], Level(code), IsTotal: false);

    private static TableRow Total(string? name, params string?[] amounts) =>
        new(["", string.IsNullOrEmpty(name) ? "合计" : name, .. amounts], 0, IsTotal: true);

    private static string? Opt(bool has, string value) => has ? value : null;

    private static DisclosureTable Function(string key, string title, FunctionExpenditureTable table, AmountUnit unit)
    {
        var prior = table.PriorYear != 0 || table.Rows.Any(r => r.HasPriorYear) || (table.TotalRow?.HasPriorYear ?? false);
        var columns = new List<TableColumn> { Code, Name };
        if (prior)
        {
            var year = table.PriorYear != 0 ? table.PriorYear.ToString(CultureInfo.InvariantCulture) + "年" : "上年";
            columns.Add(new TableColumn(year + "预算数", CellKind.Amount));
        }

        columns.AddRange([new("合计", CellKind.Amount), new("基本支出", CellKind.Amount), new("项目支出", CellKind.Amount)]);
        IEnumerable<string?> Amounts(FunctionExpenditureRow r)
        {
            if (prior)
            {
                yield return Opt(r.HasPriorYear, r.PriorYear);
            }

            yield return Opt(r.HasTotal, r.Total);
            yield return Opt(r.HasBasic, r.Basic);
            yield return Opt(r.HasProject, r.Project);
        }

        var rows = new List<TableRow>();
        if (table.TotalRow is { } total)
        {
            rows.Add(Total(total.Name, [.. Amounts(total)]));
        }

        rows.AddRange(table.Rows.Select(r => Coded(r.Code, r.Name, [.. Amounts(r)])));
        return Make(key, key, title, table.Meta, unit, columns, rows);
    }

    private static DisclosureTable Basic(BasicExpenditureTable table, AmountUnit unit)
    {
        string?[] Amounts(BasicExpenditureRow r) => [Opt(r.HasTotal, r.Total), Opt(r.HasPersonnel, r.Personnel), Opt(r.HasPublicUse, r.PublicUse)];
        var rows = new List<TableRow>();
        if (table.TotalRow is { } total)
        {
            rows.Add(Total(total.Name, Amounts(total)));
        }

        rows.AddRange(table.Rows.Select(r => Coded(r.Code, r.Name, Amounts(r))));
        return Make("JB", "JB", "一般公共预算财政拨款基本支出预算表（部门预算支出经济分类）", table.Meta, unit,
            [Code, Name, new("合计", CellKind.Amount), new("人员经费", CellKind.Amount), new("日常公用经费", CellKind.Amount)], rows);
    }

    private static DisclosureTable Economic(string key, string title, EconomicAmountTable table, AmountUnit unit)
    {
        var rows = new List<TableRow>();
        if (table.TotalRow is { } total)
        {
            rows.Add(Total(total.Name, Opt(total.HasAmount, total.Amount)));
        }

        rows.AddRange(table.Rows.Select(r => Coded(r.Code, r.Name, Opt(r.HasAmount, r.Amount))));
        return Make(key, key, title, table.Meta, unit, [Code, Name, new("金额", CellKind.Amount)], rows);
    }

    private static DisclosureTable ThreePublic(ThreePublicExpensesTable table, AmountUnit unit, int year)
    {
        static TableRow Row(string label, ThreePublicFigures f) => new(
            [label, Opt(f.HasTotal, f.Total), Opt(f.HasOutboundTravel, f.OutboundTravel), Opt(f.HasVehiclesSubtotal, f.VehiclesSubtotal),
             Opt(f.HasVehiclePurchase, f.VehiclePurchase), Opt(f.HasVehicleOperation, f.VehicleOperation), Opt(f.HasReception, f.Reception)],
            0,
            IsTotal: false);

        var rows = new List<TableRow>();
        string YearLabel(int y) => y > 0 ? y.ToString(CultureInfo.InvariantCulture) + "年预算数" : "预算数";
        if (table.PriorYear is { } prior)
        {
            rows.Add(Row(year > 0 ? YearLabel(year - 1) : "上年预算数", prior));
        }

        if (table.CurrentYear is { } current)
        {
            rows.Add(Row(YearLabel(year), current));
        }

        return Make("SG", "SG", "一般公共预算“三公”经费支出表", table.Meta, unit,
            [new("项目", CellKind.Text), new("合计", CellKind.Amount), new("因公出国（境）费", CellKind.Amount),
             new("公务用车购置及运行费 小计", CellKind.Amount), new("公务用车购置费", CellKind.Amount),
             new("公务用车运行费", CellKind.Amount), new("公务接待费", CellKind.Amount)],
            rows);
    }

    /// <summary>Income and expenditure side by side, as printed: one row holds the n-th line of each side.</summary>
    private static DisclosureTable FiscalOverview(FiscalFundsOverviewTable table, AmountUnit unit)
    {
        var income = new[]
        {
            table.CurrentYearIncome, table.GeneralBudgetIncome, table.GovernmentFundIncome, table.StateCapitalIncome,
            table.CarryoverIncome, table.CarryoverGeneralBudget, table.CarryoverGovernmentFund, table.CarryoverStateCapital,
        }.Where(l => l is not null).ToList();
        var expenditure = new List<FundSplitRow>();
        if (table.CurrentYearExpenditure is { } current)
        {
            expenditure.Add(current);
        }

        expenditure.AddRange(table.ExpenditureByFunction);
        if (table.CarryForward is { } forward)
        {
            expenditure.Add(forward);
        }

        var rows = new List<TableRow>();
        for (var i = 0; i < Math.Max(income.Count, expenditure.Count); i++)
        {
            var left = i < income.Count ? income[i] : null;
            var right = i < expenditure.Count ? expenditure[i] : null;
            rows.Add(new TableRow([left?.Label ?? "", Opt(left?.HasAmount ?? false, left?.Amount ?? ""), .. SplitCells(right)], 0, IsTotal: false));
        }

        if (table.IncomeTotal is not null || table.ExpenditureTotal is not null)
        {
            rows.Add(new TableRow(
                [table.IncomeTotal?.Label is { Length: > 0 } l ? l : "收入合计", Opt(table.IncomeTotal?.HasAmount ?? false, table.IncomeTotal?.Amount ?? ""), .. SplitCells(table.ExpenditureTotal, "支出合计")],
                0,
                IsTotal: true));
        }

        return Make("CZ", "CZ", "财政拨款收支总表", table.Meta, unit,
            [new("收入项目", CellKind.Text), new("收入预算数", CellKind.Amount), new("支出功能分类科目编码", CellKind.Code), new("支出项目", CellKind.Text),
             new("合计", CellKind.Amount), new("一般公共预算", CellKind.Amount), new("政府性基金预算", CellKind.Amount), new("国有资本经营预算", CellKind.Amount)],
            rows);
    }

    private static string?[] SplitCells(FundSplitRow? row, string? defaultName = null) => row is null
        ? ["", defaultName ?? "", null, null, null, null]
        : [row.Code, row.Name.Length > 0 ? row.Name : defaultName ?? "", Opt(row.HasTotal, row.Total), Opt(row.HasGeneralBudget, row.GeneralBudget),
           Opt(row.HasGovernmentFund, row.GovernmentFund), Opt(row.HasStateCapital, row.StateCapital)];

    private static DisclosureTable DepartmentOverview(DepartmentOverviewTable table, AmountUnit unit)
    {
        var rows = new List<TableRow>();
        for (var i = 0; i < Math.Max(table.Income.Count, table.Expenditure.Count); i++)
        {
            var left = i < table.Income.Count ? table.Income[i] : null;
            var right = i < table.Expenditure.Count ? table.Expenditure[i] : null;
            rows.Add(new TableRow(
                [left?.Label ?? "", Opt(left?.HasAmount ?? false, left?.Amount ?? ""), right?.Code ?? "", right?.Name ?? "", Opt(right?.HasAmount ?? false, right?.Amount ?? "")],
                0,
                IsTotal: false));
        }

        if (table.IncomeTotal is not null || table.ExpenditureTotal is not null)
        {
            rows.Add(new TableRow(
                [table.IncomeTotal?.Label is { Length: > 0 } l ? l : "收入合计", Opt(table.IncomeTotal?.HasAmount ?? false, table.IncomeTotal?.Amount ?? ""),
                 "", table.ExpenditureTotal?.Label is { Length: > 0 } r ? r : "支出合计", Opt(table.ExpenditureTotal?.HasAmount ?? false, table.ExpenditureTotal?.Amount ?? "")],
                0,
                IsTotal: true));
        }

        return Make("SZ", "SZ", "部门收支总表", table.Meta, unit,
            [new("收入项目", CellKind.Text), new("收入预算数", CellKind.Amount), new("支出功能分类科目编码", CellKind.Code), new("支出项目", CellKind.Text), new("支出预算数", CellKind.Amount)],
            rows);
    }

    private static DisclosureTable IncomeBySource(IncomeBySourceTable table, AmountUnit unit)
    {
        string?[] Amounts(IncomeBySourceRow r) =>
        [
            Opt(r.HasTotal, r.Total), Opt(r.HasCarryover, r.Carryover), Opt(r.HasGeneralBudget, r.GeneralBudget), Opt(r.HasGovernmentFund, r.GovernmentFund),
            Opt(r.HasStateCapital, r.StateCapital), Opt(r.HasFiscalSpecialAccount, r.FiscalSpecialAccount), Opt(r.HasInstitutionIncome, r.InstitutionIncome),
            Opt(r.HasSuperiorSubsidy, r.SuperiorSubsidy), Opt(r.HasSubordinateRemittance, r.SubordinateRemittance), Opt(r.HasOperatingIncome, r.OperatingIncome),
            Opt(r.HasOtherIncome, r.OtherIncome),
        ];
        var rows = new List<TableRow>();
        if (table.TotalRow is { } total)
        {
            rows.Add(Total(total.Name, Amounts(total)));
        }

        rows.AddRange(table.Rows.Select(r => Coded(r.Code, r.Name, Amounts(r))));
        string[] headers = ["总计", "上年结转", "一般公共预算拨款收入", "政府性基金预算拨款收入", "国有资本经营预算拨款收入", "财政专户管理资金收入", "事业收入", "上级补助收入", "附属单位上缴收入", "事业单位经营收入", "其他收入"];
        return Make("SR", "SR", "部门收入总表", table.Meta, unit, [Code, Name, .. headers.Select(h => new TableColumn(h, CellKind.Amount))], rows);
    }

    private static DisclosureTable ProjectList(ProjectListTable table, AmountUnit unit)
    {
        var rows = new List<TableRow>();
        if (table.HasTotal)
        {
            rows.Add(new TableRow(["合计", "", "", "", "", table.Total, null, ""], 0, IsTotal: true));
        }

        rows.AddRange(table.Rows.Select(r => new TableRow(
            [r.Unit, r.ProjectCode, r.ProjectName, r.FunctionCode, r.FunctionName, Opt(r.HasAmount, r.Amount), Opt(r.HasGeneralBudget, r.GeneralBudget), r.ProjectKind],
            0,
            IsTotal: false)));
        return Make("XM", "XM", "项目支出明细表", table.Meta, unit,
            [new("单位", CellKind.Text), new("项目编码", CellKind.Code), new("项目名称", CellKind.Text), new("功能科目编码", CellKind.Code), new("功能科目名称", CellKind.Text),
             new("金额", CellKind.Amount), new("其中：一般公共预算", CellKind.Amount), new("项目类型", CellKind.Text)],
            rows);
    }

    private static DisclosureTable Procurement(ProcurementTable table, AmountUnit unit)
    {
        static string Kind(ProcurementKind kind) => kind switch
        {
            ProcurementKind.Goods => "货物",
            ProcurementKind.Works => "工程",
            ProcurementKind.Services => "服务",
            _ => "",
        };

        static TableRow Row(ProcurementRow r, bool total) => new(
            [total && r.Unit.Length == 0 ? "合计" : r.Unit, r.ProjectCode, r.ProjectName, r.FunctionCode, r.FunctionName, r.GovEconomicCode, r.GovEconomicName,
             r.DeptEconomicCode, r.DeptEconomicName, Kind(r.Kind), r.Item, r.IsGovernmentProcurement, r.ProjectStatus,
             Opt(r.HasTotal, r.Total), Opt(r.HasGeneralBudget, r.GeneralBudget), Opt(r.HasGovernmentFund, r.GovernmentFund), Opt(r.HasStateCapital, r.StateCapital),
             Opt(r.HasFiscalSpecialAccount, r.FiscalSpecialAccount), Opt(r.HasUnitFunds, r.UnitFunds)],
            0,
            total);

        var rows = new List<TableRow>();
        if (table.TotalRow is { } totalRow)
        {
            rows.Add(Row(totalRow, total: true));
        }

        rows.AddRange(table.Rows.Select(r => Row(r, total: false)));
        return Make("CG", "CG", "政府采购明细表", table.Meta, unit,
            [new("部门单位", CellKind.Text), new("项目编码", CellKind.Code), new("项目名称", CellKind.Text), new("功能科目编码", CellKind.Code), new("功能科目名称", CellKind.Text),
             new("政府经济科目编码", CellKind.Code), new("政府经济科目名称", CellKind.Text), new("部门经济科目编码", CellKind.Code), new("部门经济科目名称", CellKind.Text),
             new("采购类别", CellKind.Text), new("采购品目", CellKind.Text), new("是否政府采购", CellKind.Text), new("项目状态", CellKind.Text),
             new("总计", CellKind.Amount), new("一般公共预算", CellKind.Amount), new("政府性基金预算", CellKind.Amount), new("国有资本经营预算", CellKind.Amount),
             new("财政专户管理资金", CellKind.Amount), new("单位资金", CellKind.Amount)],
            rows);
    }

    private static readonly TableColumn[] IndicatorColumns =
    [
        new("一级指标", CellKind.Text), new("二级指标", CellKind.Text), new("三级指标", CellKind.Text), new("指标性质", CellKind.Text),
        new("指标值", CellKind.Text), new("度量单位", CellKind.Text), new("权重（%）", CellKind.Text), new("是否核心指标", CellKind.Text),
        new("历史参考值", CellKind.Text), new("备注", CellKind.Text),
    ];

    private static IReadOnlyList<TableRow> Indicators(IEnumerable<Indicator> indicators) =>
    [
        .. indicators.Select(i => new TableRow(
            [i.Level1, i.Level2, i.Level3, i.Operator, i.TargetValue, i.Unit, Opt(i.HasWeight, i.Weight), i.HasCore ? (i.Core ? "是" : "否") : null, i.ReferenceValue, i.Note],
            0,
            IsTotal: false)),
    ];

    private static DisclosureTable OverallTarget(OverallTargetTable table, AmountUnit unit) =>
        Make("ZT", "ZT", "整体绩效目标表", table.Meta, unit, IndicatorColumns, Indicators(table.Indicators),
        [
            new("部门名称", table.DepartmentName, CellKind.Text),
            new("部门支出预算数", Opt(table.HasTotalFunds, table.TotalFunds), CellKind.Amount),
            new("当年整体绩效目标", table.GoalText, CellKind.Text),
        ]);

    private static DisclosureTable ProjectTarget(ProjectTargetTable table, AmountUnit unit, int number) =>
        Make("XJ-" + number.ToString(CultureInfo.InvariantCulture), "XJ", "项目绩效目标表", table.Meta, unit, IndicatorColumns, Indicators(table.Indicators),
        [
            new("项目名称", table.ProjectName, CellKind.Text),
            new("项目编码", table.ProjectCode, CellKind.Code),
            new("填报单位", table.Unit, CellKind.Text),
            new("主管部门", table.Department, CellKind.Text),
            new("实施单位", table.ImplementingUnit, CellKind.Text),
            new("项目负责人", table.Manager, CellKind.Text),
            new("联系电话", table.ManagerPhone, CellKind.Text),
            new("年度资金总额", Opt(table.HasFundsTotal, table.FundsTotal), CellKind.Amount),
            new("其中：财政拨款", Opt(table.HasFundsFiscal, table.FundsFiscal), CellKind.Amount),
            new("其他资金", Opt(table.HasFundsOther, table.FundsOther), CellKind.Amount),
            new("预算执行率权重（%）", Opt(table.HasExecutionRateWeight, table.ExecutionRateWeight), CellKind.Text),
            new("职能职责与活动", table.Activity, CellKind.Text),
            new("年度目标", table.GoalText, CellKind.Text),
        ]);
}
