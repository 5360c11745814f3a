using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.Reconciler.Numbers;
using static BudgetMesh.Reconciler.Rules.WithinTableRules;

namespace BudgetMesh.Reconciler.Rules;

/// <summary>R11, R12: the project list against the project totals and functions; procurement sums and ceiling.</summary>
internal static partial class CrossTableRules
{
    /// <summary>R11: XM Σ = its 合计 = the project expenditure total.</summary>
    public static void ProjectListTotal(BudgetPackage package, RuleRun run)
    {
        var xm = package.Tables?.Xm;
        if (xm is null)
        {
            run.NotApplicable("本包未印项目支出明细表。");
            return;
        }

        var unit = xm.Meta?.Unit ?? AmountUnit.Unspecified;
        var total = Amount.Parse(xm.HasTotal ? xm.Total : null);
        var totalAt = At.Cell(TableKey.Xm, string.Empty, -1, "amount");
        run.CheckSum("项目支出明细表 合计应等于各项目之和", total, totalAt,
            [.. xm.Rows.Select((row, i) => (Amount.Parse(row.HasAmount ? row.Amount : null), ProjectAt(row, i, "amount")))], unit);

        var zc = CodedTables.Function(TableKey.Zc, package.Tables?.Zc);
        var gf = CodedTables.Function(TableKey.Gf, package.Tables?.Gf);
        if (zc?.TotalRow is { } zcTotal)
        {
            run.CheckSame("项目支出明细表 合计与部门支出总表项目支出合计", total, unit, totalAt, zcTotal["project"], zc.Unit, At.Cell(TableKey.Zc, zcTotal, "project"));
        }
        else if (gf?.TotalRow is { } gfTotal)
        {
            run.CheckSame("项目支出明细表 合计与一般公共预算支出表项目支出合计", total, unit, totalAt, gfTotal["project"], gf.Unit, At.Cell(TableKey.Gf, gfTotal, "project"));
        }
    }

    /// <summary>R11: each project's function code is budgeted in ZC (or GF) with at least the projects' money.</summary>
    public static void ProjectListFunctions(BudgetPackage package, RuleRun run)
    {
        var xm = package.Tables?.Xm;
        var table = CodedTables.Function(TableKey.Zc, package.Tables?.Zc) ?? CodedTables.Function(TableKey.Gf, package.Tables?.Gf);
        if (xm is null || table is null)
        {
            run.NotApplicable("本包未同时印项目支出明细表和部门支出总表（或一般公共预算支出表）。");
            return;
        }

        var unit = xm.Meta?.Unit ?? AmountUnit.Unspecified;
        var rows = table.Rows.Where(r => IsCode(r.Code)).GroupBy(r => r.Code).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        foreach (var group in xm.Rows.Select((row, i) => (row, i)).GroupBy(x => x.row.FunctionCode.Trim()))
        {
            var amounts = group.Select(x => Amount.Parse(x.row.HasAmount ? x.row.Amount : null)).ToList();
            if (amounts.Any(a => a.IsUnparseable))
            {
                run.Review($"项目支出明细表 功能科目 {group.Key} 下有金额无法识别。", group.Select(x => ProjectAt(x.row, x.i, "amount")));
                continue;
            }

            run.Checked();
            var sum = Units.Convert(amounts.Sum(a => a.ValueOrZero ?? 0m), unit, table.Unit);
            var locations = group.Select(x => ProjectAt(x.row, x.i, "function_code")).ToList();
            if (!rows.TryGetValue(group.Key, out var budgeted))
            {
                run.Fail($"项目支出明细表 项目的功能科目 {group.Key} 在{TableNames.Of(table.Key)}中不存在（项目金额合计 {Comparisons.Fmt(sum)} {Units.Name(table.Unit)}）。", locations, actual: Comparisons.Fmt(sum), expected: "0", unit: Units.Name(table.Unit));
                continue;
            }

            var project = budgeted["project"];
            if (project.IsUnparseable)
            {
                run.Review($"{TableNames.Of(table.Key)} {At.RowName(budgeted)} 项目支出无法识别。", [At.Cell(table.Key, budgeted, "project")], project.Printed ?? string.Empty);
                continue;
            }

            var available = project.ValueOrZero ?? 0m;
            var envelope = Units.RoundingEnvelope(amounts.Count);
            if (sum - available > envelope)
            {
                locations.Add(At.Cell(table.Key, budgeted, "project"));
                run.Fail($"项目支出明细表 功能科目 {group.Key} 下项目合计 {Comparisons.Fmt(sum)} {Units.Name(table.Unit)}，超过{TableNames.Of(table.Key)}该科目项目支出 {Comparisons.Fmt(available)} {Units.Name(table.Unit)}。",
                    locations, expected: $"≤ {Comparisons.Fmt(available)}", actual: Comparisons.Fmt(sum), difference: Comparisons.Fmt(sum - available), tolerance: Comparisons.Fmt(envelope), unit: Units.Name(table.Unit));
            }
        }
    }

    /// <summary>R12: CG 合计 = Σ detail rows, unit subtotals = Σ their rows, row totals = Σ fund columns.</summary>
    public static void ProcurementTotal(BudgetPackage package, RuleRun run)
    {
        var cg = package.Tables?.Cg;
        if (cg is null || cg.Meta?.State == TableState.DeclaredEmpty)
        {
            run.NotApplicable("本包未印政府采购明细表或该表为空表。");
            return;
        }

        var unit = cg.Meta?.Unit ?? AmountUnit.Unspecified;
        string[] funds = ["general_budget", "government_fund", "state_capital", "fiscal_special_account", "unit_funds"];
        var details = cg.Rows.Select((row, i) => (row, i)).Where(x => x.row.ProjectCode.Trim().Length > 0).ToList();

        // A row without a project code is the unit's subtotal of the detail rows printed under it (seed 000).
        for (var i = 0; i < cg.Rows.Count; i++)
        {
            if (cg.Rows[i].ProjectCode.Trim().Length > 0)
            {
                continue;
            }

            var under = cg.Rows.Select((row, j) => (row, j)).Skip(i + 1).TakeWhile(x => x.row.ProjectCode.Trim().Length > 0).ToList();
            foreach (var column in (string[])["total", .. funds])
            {
                if (run.AddsUp(Cell(cg.Rows[i], column), [.. under.Select(x => Cell(x.row, column))]))
                {
                    continue;
                }

                run.CheckSum($"政府采购明细表 单位小计“{cg.Rows[i].Unit}”{Names.Column(column)}应等于其下各行之和", Cell(cg.Rows[i], column), ProcurementAt(cg.Rows[i], i, column),
                    [.. under.Select(x => (Cell(x.row, column), ProcurementAt(x.row, x.j, column)))], unit);
            }
        }

        if (cg.TotalRow is not null)
        {
            foreach (var column in (string[])["total", .. funds])
            {
                if (run.AddsUp(Cell(cg.TotalRow, column), [.. details.Select(x => Cell(x.row, column))]))
                {
                    continue;
                }

                run.CheckSum($"政府采购明细表 合计行{Names.Column(column)}应等于各采购项目之和", Cell(cg.TotalRow, column), ProcurementAt(cg.TotalRow, -1, column),
                    [.. details.Select(x => (Cell(x.row, column), ProcurementAt(x.row, x.i, column)))], unit);
            }
        }

        var lines = cg.Rows.Select((row, i) => (Row: row, Index: i)).ToList();
        if (cg.TotalRow is not null)
        {
            lines.Add((cg.TotalRow, -1));
        }

        foreach (var (row, i) in lines)
        {
            var amounts = Array.ConvertAll(funds, c => Cell(row, c));
            if (amounts.All(a => a.IsBlank) || run.AddsUp(Cell(row, "total"), amounts))
            {
                continue;
            }

            var parts = funds.Select(c => (Cell(row, c), ProcurementAt(row, i, c))).ToList();

            run.CheckSum($"政府采购明细表 {(i < 0 ? "合计行" : $"第 {i + 1} 行")} 总计应等于各资金来源之和", Cell(row, "total"), ProcurementAt(row, i, "total"), parts, unit);
        }
    }

    /// <summary>R12: procurement does not exceed the department's total expenditure.</summary>
    public static void ProcurementCeiling(BudgetPackage package, RuleRun run)
    {
        var cg = package.Tables?.Cg;
        var ceilingTable = CodedTables.Function(TableKey.Zc, package.Tables?.Zc) ?? CodedTables.Function(TableKey.Gf, package.Tables?.Gf);
        if (cg?.TotalRow is null || ceilingTable?.TotalRow is null)
        {
            run.NotApplicable("本包未同时印政府采购明细表合计和支出总表合计。");
            return;
        }

        var total = Cell(cg.TotalRow, "total");
        var ceiling = ceilingTable.TotalRow["total"];
        if (total.IsUnparseable || ceiling.IsUnparseable)
        {
            run.Review("政府采购合计或支出合计无法识别。", [ProcurementAt(cg.TotalRow, -1, "total"), At.Cell(ceilingTable.Key, ceilingTable.TotalRow, "total")]);
            return;
        }

        run.Checked();
        var unit = cg.Meta?.Unit ?? AmountUnit.Unspecified;
        var converted = Units.Convert(total.ValueOrZero ?? 0m, unit, ceilingTable.Unit);
        var limit = ceiling.ValueOrZero ?? 0m;
        if (converted > limit)
        {
            run.Fail($"政府采购明细表 合计 {Comparisons.Fmt(converted)} {Units.Name(ceilingTable.Unit)}，超过{TableNames.Of(ceilingTable.Key)}支出合计 {Comparisons.Fmt(limit)} {Units.Name(ceilingTable.Unit)}。",
                [ProcurementAt(cg.TotalRow, -1, "total"), At.Cell(ceilingTable.Key, ceilingTable.TotalRow, "total")],
                expected: $"≤ {Comparisons.Fmt(limit)}", actual: Comparisons.Fmt(converted), difference: Comparisons.Fmt(converted - limit), unit: Units.Name(ceilingTable.Unit));
        }
    }

    /// <summary>Ties the 合计 of the given column of each present table to the first present one.</summary>

    private static Location ProjectAt(ProjectRow row, int index, string column) => new()
    {
        Table = TableKey.Xm,
        RowCode = row.FunctionCode,
        Column = column,
        RowIndex = index,
        Project = row.ProjectCode.Length > 0 ? row.ProjectCode : row.ProjectName,
    };

    private static Location ProcurementAt(ProcurementRow row, int index, string column) => new()
    {
        Table = TableKey.Cg,
        RowCode = row.GovEconomicCode,
        Column = column,
        RowIndex = index,
        Project = row.ProjectCode,
        Label = index < 0 ? "合计行" : row.ProjectCode.Length == 0 ? "单位小计" : string.Empty,
    };

    private static Amount Cell(ProcurementRow row, string column) => column switch
    {
        "total" => Amount.Parse(row.HasTotal ? row.Total : null),
        "general_budget" => Amount.Parse(row.HasGeneralBudget ? row.GeneralBudget : null),
        "government_fund" => Amount.Parse(row.HasGovernmentFund ? row.GovernmentFund : null),
        "state_capital" => Amount.Parse(row.HasStateCapital ? row.StateCapital : null),
        "fiscal_special_account" => Amount.Parse(row.HasFiscalSpecialAccount ? row.FiscalSpecialAccount : null),
        "unit_funds" => Amount.Parse(row.HasUnitFunds ? row.UnitFunds : null),
        _ => Amount.Blank,
    };
}
