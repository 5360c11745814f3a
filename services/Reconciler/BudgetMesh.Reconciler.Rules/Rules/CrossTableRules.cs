using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.Reconciler.Numbers;
using static BudgetMesh.Reconciler.Rules.WithinTableRules;

namespace BudgetMesh.Reconciler.Rules;

/// <summary>R7–R12: ties between tables.</summary>
internal static class CrossTableRules
{
    private static readonly IncomeSource[] FiscalSources = [IncomeSource.FiscalAppropriation, IncomeSource.GeneralBudget, IncomeSource.GovernmentFund, IncomeSource.StateCapital, IncomeSource.Carryover];

    /// <summary>R7: CZ 一般公共预算 by 类 = GF 类 totals; CZ total = GF total.</summary>
    public static void CzAgainstGf(BudgetPackage package, RuleRun run)
    {
        var cz = package.Tables?.Cz;
        var gf = CodedTables.Function(TableKey.Gf, package.Tables?.Gf);
        if (cz is null || gf is null)
        {
            run.NotApplicable("本包未同时印财政拨款收支总表和一般公共预算财政拨款支出预算表。");
            return;
        }

        var czUnit = cz.Meta?.Unit ?? AmountUnit.Unspecified;
        // A class printed twice is R5-DUPLICATE-CODE's finding; here the first one stands for it.
        var classes = gf.Rows.Where(r => r.Code.Length == 3).GroupBy(r => r.Code).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        for (var i = 0; i < cz.ExpenditureByFunction.Count; i++)
        {
            var line = cz.ExpenditureByFunction[i];
            var amount = FundCell(line, "general_budget");
            var at = FundRowAt(line, i, "general_budget");
            if (line.Code.Length == 0)
            {
                continue;
            }

            if (classes.TryGetValue(line.Code, out var gfRow))
            {
                if (run.Agrees(amount, czUnit, gfRow["total"], gf.Unit))
                {
                    continue;
                }

                run.CheckSame($"财政拨款收支总表 {line.Code}“{line.Name.Trim()}”一般公共预算支出与一般公共预算支出表同类合计", amount, czUnit, at, gfRow["total"], gf.Unit, At.Cell(TableKey.Gf, gfRow, "total"));
            }
            else if (amount.IsNumber && amount.Value != 0m)
            {
                run.Fail($"财政拨款收支总表列有 {line.Code}“{line.Name.Trim()}”一般公共预算支出 {RuleRun.Format(amount)} {Units.Name(czUnit)}，一般公共预算财政拨款支出预算表无此类。", [at, At.Table(TableKey.Gf)], expected: "0", actual: RuleRun.Format(amount), unit: Units.Name(czUnit));
            }
        }

        var czCodes = cz.ExpenditureByFunction.Select(l => l.Code).ToHashSet(StringComparer.Ordinal);
        foreach (var gfRow in classes.Values.Where(r => !czCodes.Contains(r.Code) && r["total"] is { IsNumber: true, Value: not 0m }))
        {
            run.Fail($"一般公共预算财政拨款支出预算表 {At.RowName(gfRow)} 合计 {RuleRun.Format(gfRow["total"])} {Units.Name(gf.Unit)}，财政拨款收支总表无此类。", [At.Cell(TableKey.Gf, gfRow, "total"), At.Table(TableKey.Cz)], expected: RuleRun.Format(gfRow["total"]), actual: "0", unit: Units.Name(gf.Unit));
        }

        if (gf.TotalRow is not null)
        {
            run.CheckSame("财政拨款收支总表 支出合计（一般公共预算）与一般公共预算支出表合计", FundCell(cz.ExpenditureTotal, "general_budget"), czUnit, FundRowAt(cz.ExpenditureTotal, -1, "general_budget"), gf.TotalRow["total"], gf.Unit, At.Cell(TableKey.Gf, gf.TotalRow, "total"));
        }
    }

    /// <summary>R8: GF basic total = JB total = JBG total.</summary>
    public static void BasicTotals(BudgetPackage package, RuleRun run) =>
        Chain(run, "基本支出合计",
        [
            (CodedTables.Function(TableKey.Gf, package.Tables?.Gf), "basic"),
            (CodedTables.Basic(package.Tables?.Jb), "total"),
            (CodedTables.Economic(TableKey.Jbg, package.Tables?.Jbg), "amount"),
        ]);

    /// <summary>R8: GF project total = XMJ total = XMG total.</summary>
    public static void ProjectTotals(BudgetPackage package, RuleRun run) =>
        Chain(run, "项目支出合计",
        [
            (CodedTables.Function(TableKey.Gf, package.Tables?.Gf), "project"),
            (CodedTables.Economic(TableKey.Xmj, package.Tables?.Xmj), "amount"),
            (CodedTables.Economic(TableKey.Xmg, package.Tables?.Xmg), "amount"),
        ]);

    /// <summary>R9: SZ income = SR totals, source by source.</summary>
    public static void SzAgainstSr(BudgetPackage package, RuleRun run)
    {
        var sz = package.Tables?.Sz;
        var sr = CodedTables.Income(package.Tables?.Sr);
        if (sz is null || sr is null)
        {
            run.NotApplicable("本包未同时印部门收支总表和部门收入总表（缺表见 R17）。");
            return;
        }

        if (sr.TotalRow is null)
        {
            run.Review("部门收入总表未印合计行，无法与部门收支总表核对。", [At.Table(TableKey.Sr, "合计行")]);
            return;
        }

        var szUnit = sz.Meta?.Unit ?? AmountUnit.Unspecified;
        run.CheckSame("部门收入总表 总计与部门收支总表收入合计", sr.TotalRow["total"], sr.Unit, At.Cell(TableKey.Sr, sr.TotalRow, "total"),
            LabeledValue(sz.IncomeTotal), szUnit, LabeledAt(sz.IncomeTotal, "income_total", TableKey.Sz));
        // SR prints 财政拨款收入 either as one column (Shanghai) or split by fund; SZ either as one line with its
        // funds under it, or as the fund lines alone. Each side is compared in the form the other prints.
        var srSingle = !sr.TotalRow["fiscal_appropriation"].IsBlank;
        var srSplit = FiscalFundColumns.Any(c => !sr.TotalRow[c].IsBlank);
        var szHasFiscalLine = sz.Income.Any(l => l.Source == IncomeSource.FiscalAppropriation);
        for (var i = 0; i < sz.Income.Count; i++)
        {
            var line = sz.Income[i];
            if (SourceColumn(line.Source) is not { } column)
            {
                continue;
            }

            var printed = Amount.Parse(line.HasAmount ? line.Amount : null);
            var at = At.Labeled(TableKey.Sz, "income", line.Label, i);
            if (line.Source == IncomeSource.FiscalAppropriation && !srSingle && srSplit)
            {
                SameAsSum(run, $"部门收入总表 合计行各财政拨款资金之和与部门收支总表“{line.Label}”", sr, [.. FiscalFundColumns], printed, szUnit, at);
                continue;
            }

            if (IsFiscalFund(line.Source) && srSingle && !srSplit)
            {
                // Compared through the 财政拨款收入 line, or as their sum when SZ prints no such line (below).
                continue;
            }

            if (run.Agrees(sr.TotalRow[column], sr.Unit, printed, szUnit))
            {
                continue;
            }

            run.CheckSame($"部门收入总表 合计行{Names.Column(column)}与部门收支总表“{line.Label}”", sr.TotalRow[column], sr.Unit, At.Cell(TableKey.Sr, sr.TotalRow, column),
                printed, szUnit, at);
        }

        if (srSingle && !srSplit && !szHasFiscalLine)
        {
            var funds = sz.Income.Select((line, i) => (line, i)).Where(x => IsFiscalFund(x.line.Source)).ToList();
            if (funds.Count > 0)
            {
                var sum = funds.Select(x => Amount.Parse(x.line.HasAmount ? x.line.Amount : null)).ToList();
                if (sum.Any(a => a.IsUnparseable))
                {
                    run.Review("部门收支总表 财政拨款资金有单元格无法识别为数字，无法与部门收入总表核对。", funds.Select(x => At.Labeled(TableKey.Sz, "income", x.line.Label, x.i)));
                }
                else
                {
                    var total = Amount.Parse(sum.Sum(a => a.ValueOrZero ?? 0m).ToString(System.Globalization.CultureInfo.InvariantCulture));
                    run.CheckSame("部门收入总表 合计行财政拨款收入与部门收支总表各财政拨款资金之和", sr.TotalRow["fiscal_appropriation"], sr.Unit, At.Cell(TableKey.Sr, sr.TotalRow, "fiscal_appropriation"),
                        total, szUnit, At.Labeled(TableKey.Sz, "income", funds[0].line.Label, funds[0].i));
                }
            }
        }
    }

    private static readonly string[] FiscalFundColumns = ["general_budget", "government_fund", "state_capital"];

    // SR's fund columns (合计 row) added up, against one SZ figure.
    private static void SameAsSum(RuleRun run, string what, CodedTable sr, string[] columns, Amount printed, AmountUnit printedUnit, Location printedAt)
    {
        var cells = columns.Select(c => sr.TotalRow![c]).ToList();
        if (cells.Any(c => c.IsUnparseable))
        {
            run.Review($"{what}：部门收入总表有单元格无法识别为数字，无法核对。", columns.Select(c => At.Cell(TableKey.Sr, sr.TotalRow!, c)));
            return;
        }

        var sum = Amount.Parse(cells.Sum(c => c.ValueOrZero ?? 0m).ToString(System.Globalization.CultureInfo.InvariantCulture));
        run.CheckSame(what, sum, sr.Unit, At.Cell(TableKey.Sr, sr.TotalRow!, columns[0]), printed, printedUnit, printedAt);
    }

    /// <summary>R9: SZ expenditure = ZC, by 类 and in total.</summary>
    public static void SzAgainstZc(BudgetPackage package, RuleRun run)
    {
        var sz = package.Tables?.Sz;
        var zc = CodedTables.Function(TableKey.Zc, package.Tables?.Zc);
        if (sz is null || zc is null)
        {
            run.NotApplicable("本包未同时印部门收支总表和部门支出总表（缺表见 R17）。");
            return;
        }

        var szUnit = sz.Meta?.Unit ?? AmountUnit.Unspecified;
        // A class printed twice is R5-DUPLICATE-CODE's finding; here the first one stands for it.
        var classes = zc.Rows.Where(r => r.Code.Length == 3).GroupBy(r => r.Code).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        for (var i = 0; i < sz.Expenditure.Count; i++)
        {
            var line = sz.Expenditure[i];
            if (line.Code.Length == 0)
            {
                continue;
            }

            var amount = SzExpenditure(line);
            var at = new Location { Table = TableKey.Sz, RowCode = line.Code, Column = "expenditure", RowIndex = i, Label = line.Name };
            if (classes.TryGetValue(line.Code, out var zcRow))
            {
                if (run.Agrees(amount, szUnit, zcRow["total"], zc.Unit))
                {
                    continue;
                }

                run.CheckSame($"部门收支总表 {line.Code}“{line.Name.Trim()}”支出与部门支出总表同类合计", amount, szUnit, at, zcRow["total"], zc.Unit, At.Cell(TableKey.Zc, zcRow, "total"));
            }
            else if (amount.IsNumber && amount.Value != 0m)
            {
                run.Fail($"部门收支总表列有 {line.Code}“{line.Name.Trim()}”支出 {RuleRun.Format(amount)} {Units.Name(szUnit)}，部门支出总表无此类。", [at, At.Table(TableKey.Zc)], expected: "0", actual: RuleRun.Format(amount), unit: Units.Name(szUnit));
            }
        }

        if (zc.TotalRow is not null)
        {
            run.CheckSame("部门收支总表 支出合计与部门支出总表合计", LabeledValue(sz.ExpenditureTotal), szUnit, LabeledAt(sz.ExpenditureTotal, "expenditure_total", TableKey.Sz),
                zc.TotalRow["total"], zc.Unit, At.Cell(TableKey.Zc, zc.TotalRow, "total"));
        }
    }

    /// <summary>
    /// R9: a unit funded only by 财政拨款 has SZ = CZ and ZC = GF row by row; any other unit at least GF ≤ ZC per code.
    /// </summary>
    public static void FiscalScope(BudgetPackage package, RuleRun run)
    {
        var sz = package.Tables?.Sz;
        var gf = CodedTables.Function(TableKey.Gf, package.Tables?.Gf);
        var zc = CodedTables.Function(TableKey.Zc, package.Tables?.Zc);
        if (sz is null || gf is null || zc is null)
        {
            run.NotApplicable("本包未同时印部门收支总表、一般公共预算支出表和部门支出总表。");
            return;
        }

        var fiscalOnly = sz.Income.All(line => FiscalSources.Contains(line.Source) || Amount.Parse(line.HasAmount ? line.Amount : null) is { IsBlank: true } or { IsNumber: true, Value: 0m });
        var zcRows = zc.Rows.Where(r => IsCode(r.Code)).GroupBy(r => r.Code).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var gfRows = gf.Rows.Where(r => IsCode(r.Code)).GroupBy(r => r.Code).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

        if (fiscalOnly)
        {
            var cz = package.Tables!.Cz;
            if (cz is not null)
            {
                run.CheckSame("仅有财政拨款收入：部门收支总表收入合计与财政拨款收支总表收入合计", LabeledValue(sz.IncomeTotal), sz.Meta?.Unit ?? AmountUnit.Unspecified, LabeledAt(sz.IncomeTotal, "income_total", TableKey.Sz),
                    LabeledValue(cz.IncomeTotal), cz.Meta?.Unit ?? AmountUnit.Unspecified, LabeledAt(cz.IncomeTotal, "income_total"));
            }

            foreach (var code in gfRows.Keys.Union(zcRows.Keys).Order(StringComparer.Ordinal))
            {
                gfRows.TryGetValue(code, out var gfRow);
                zcRows.TryGetValue(code, out var zcRow);
                foreach (var column in (string[])["total", "basic", "project"])
                {
                    var gfAmount = gfRow?[column] ?? Amount.Blank;
                    var zcAmount = zcRow?[column] ?? Amount.Blank;
                    if (run.Agrees(zcAmount, zc.Unit, gfAmount, gf.Unit))
                    {
                        continue;
                    }

                    var name = (gfRow ?? zcRow)!.Name.Trim();
                    run.CheckSame($"仅有财政拨款收入：部门支出总表 {code} {name} {Names.Column(column)}应与一般公共预算支出表一致",
                        zcAmount, zc.Unit, zcRow is null ? At.Table(TableKey.Zc, $"缺少科目 {code}") : At.Cell(TableKey.Zc, zcRow, column),
                        gfAmount, gf.Unit, gfRow is null ? At.Table(TableKey.Gf, $"缺少科目 {code}") : At.Cell(TableKey.Gf, gfRow, column));
                }
            }

            return;
        }

        foreach (var (code, gfRow) in gfRows)
        {
            var gfTotal = gfRow["total"];
            if (!gfTotal.IsNumber)
            {
                continue;
            }

            run.Checked();
            zcRows.TryGetValue(code, out var zcRow);
            var zcTotal = zcRow?["total"] ?? Amount.Blank;
            if (zcTotal.IsUnparseable)
            {
                run.Review($"部门支出总表 {code} 合计无法识别为数字。", [At.Cell(TableKey.Zc, zcRow!, "total")], zcTotal.Printed ?? string.Empty);
                continue;
            }

            var zcValue = Units.Convert(zcTotal.ValueOrZero ?? 0m, zc.Unit, gf.Unit);
            if (gfTotal.Value > zcValue)
            {
                run.Fail($"一般公共预算支出表 {At.RowName(gfRow)} 合计 {RuleRun.Format(gfTotal)} {Units.Name(gf.Unit)}，大于部门支出总表同科目 {RuleRun.Fmt(zcValue)} {Units.Name(gf.Unit)}：财政拨款不应超过部门全部支出。",
                    [At.Cell(TableKey.Gf, gfRow, "total"), zcRow is null ? At.Table(TableKey.Zc, $"缺少科目 {code}") : At.Cell(TableKey.Zc, zcRow, "total")],
                    expected: $"≤ {RuleRun.Fmt(zcValue)}", actual: RuleRun.Format(gfTotal), difference: RuleRun.Fmt(gfTotal.Value - zcValue), unit: Units.Name(gf.Unit));
            }
        }
    }

    /// <summary>R10: JJ total = CZ 政府性基金 column.</summary>
    public static void JjAgainstCz(BudgetPackage package, RuleRun run) =>
        FundTable(package, run, CodedTables.Function(TableKey.Jj, package.Tables?.Jj), "government_fund");

    /// <summary>R10: GZ total = CZ 国有资本经营 column.</summary>
    public static void GzAgainstCz(BudgetPackage package, RuleRun run) =>
        FundTable(package, run, CodedTables.Function(TableKey.Gz, package.Tables?.Gz), "state_capital");

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
                run.Fail($"项目支出明细表 项目的功能科目 {group.Key} 在{TableNames.Of(table.Key)}中不存在（项目金额合计 {RuleRun.Fmt(sum)} {Units.Name(table.Unit)}）。", locations, actual: RuleRun.Fmt(sum), expected: "0", unit: Units.Name(table.Unit));
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
                run.Fail($"项目支出明细表 功能科目 {group.Key} 下项目合计 {RuleRun.Fmt(sum)} {Units.Name(table.Unit)}，超过{TableNames.Of(table.Key)}该科目项目支出 {RuleRun.Fmt(available)} {Units.Name(table.Unit)}。",
                    locations, expected: $"≤ {RuleRun.Fmt(available)}", actual: RuleRun.Fmt(sum), difference: RuleRun.Fmt(sum - available), tolerance: RuleRun.Fmt(envelope), unit: Units.Name(table.Unit));
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
            run.Fail($"政府采购明细表 合计 {RuleRun.Fmt(converted)} {Units.Name(ceilingTable.Unit)}，超过{TableNames.Of(ceilingTable.Key)}支出合计 {RuleRun.Fmt(limit)} {Units.Name(ceilingTable.Unit)}。",
                [ProcurementAt(cg.TotalRow, -1, "total"), At.Cell(ceilingTable.Key, ceilingTable.TotalRow, "total")],
                expected: $"≤ {RuleRun.Fmt(limit)}", actual: RuleRun.Fmt(converted), difference: RuleRun.Fmt(converted - limit), unit: Units.Name(ceilingTable.Unit));
        }
    }

    /// <summary>Ties the 合计 of the given column of each present table to the first present one.</summary>
    private static void Chain(RuleRun run, string what, (CodedTable? Table, string Column)[] links)
    {
        var present = links.Where(l => l.Table is not null).Select(l => (Table: l.Table!, l.Column)).ToList();
        if (present.Count < 2)
        {
            run.NotApplicable($"{what}：可核对的表不足两张（缺表见 R17）。");
            return;
        }

        var reference = present[0];
        if (reference.Table.TotalRow is null)
        {
            run.Review($"{TableNames.Of(reference.Table.Key)} 未印合计行，无法核对{what}。", [At.Table(reference.Table.Key, "合计行")]);
            return;
        }

        foreach (var other in present.Skip(1))
        {
            if (other.Table.TotalRow is null)
            {
                run.Review($"{TableNames.Of(other.Table.Key)} 未印合计行，无法核对{what}。", [At.Table(other.Table.Key, "合计行")]);
                continue;
            }

            run.CheckSame(
                $"{what}：{TableNames.Of(other.Table.Key)}合计与{TableNames.Of(reference.Table.Key)}{Names.Column(reference.Column)}合计",
                other.Table.TotalRow[other.Column], other.Table.Unit, At.Cell(other.Table.Key, other.Table.TotalRow, other.Column),
                reference.Table.TotalRow[reference.Column], reference.Table.Unit, At.Cell(reference.Table.Key, reference.Table.TotalRow, reference.Column));
        }
    }

    private static void FundTable(BudgetPackage package, RuleRun run, CodedTable? table, string czColumn)
    {
        var cz = package.Tables?.Cz;
        if (cz is null)
        {
            run.NotApplicable("本包未印财政拨款收支总表。");
            return;
        }

        var czUnit = cz.Meta?.Unit ?? AmountUnit.Unspecified;
        var czAmount = FundCell(cz.ExpenditureTotal, czColumn);
        var czAt = FundRowAt(cz.ExpenditureTotal, -1, czColumn);
        var tableKey = czColumn == "government_fund" ? TableKey.Jj : TableKey.Gz;
        if (table is null)
        {
            if (czAmount is { IsNumber: true } && czAmount.Value != 0m)
            {
                run.Fail($"财政拨款收支总表{Names.Column(czColumn)}支出 {RuleRun.Format(czAmount)} {Units.Name(czUnit)}，但未印{TableNames.Of(tableKey)}。", [czAt, At.Table(tableKey)], expected: RuleRun.Format(czAmount), actual: "（缺表）", unit: Units.Name(czUnit));
            }
            else
            {
                run.NotApplicable($"未印{TableNames.Of(tableKey)}，财政拨款收支总表该资金列亦无支出。");
            }

            return;
        }

        var total = table.TotalRow?["total"] ?? Amount.Blank;
        var totalAt = table.TotalRow is null ? At.Table(tableKey, "合计行") : At.Cell(tableKey, table.TotalRow, "total");
        if (table.TotalRow is null && table.Rows.Count > 0)
        {
            run.Review($"{TableNames.Of(tableKey)} 未印合计行，无法与财政拨款收支总表核对。", [totalAt]);
            return;
        }

        run.Checked();
        run.CheckSame($"{TableNames.Of(tableKey)}合计与财政拨款收支总表{Names.Column(czColumn)}支出合计", total, table.Unit, totalAt, czAmount, czUnit, czAt);
    }

    private static string? SourceColumn(IncomeSource source) => source switch
    {
        IncomeSource.GeneralBudget => "general_budget",
        IncomeSource.GovernmentFund => "government_fund",
        IncomeSource.StateCapital => "state_capital",
        IncomeSource.FiscalSpecialAccount => "fiscal_special_account",
        IncomeSource.InstitutionIncome => "institution_income",
        IncomeSource.SuperiorSubsidy => "superior_subsidy",
        IncomeSource.SubordinateRemittance => "subordinate_remittance",
        IncomeSource.OperatingIncome => "operating_income",
        IncomeSource.Other => "other_income",
        IncomeSource.Carryover => "carryover",
        IncomeSource.FiscalAppropriation => "fiscal_appropriation",
        _ => null,
    };

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
