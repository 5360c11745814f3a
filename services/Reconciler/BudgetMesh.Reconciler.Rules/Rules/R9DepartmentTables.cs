using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.Reconciler.Numbers;
using static BudgetMesh.Reconciler.Rules.WithinTableRules;

namespace BudgetMesh.Reconciler.Rules;

/// <summary>R9: 部门收支总表 against 部门收入总表 and 部门支出总表, and the fiscal scope of a unit funded only by 财政拨款.</summary>
internal static partial class CrossTableRules
{
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
        var classes = ClassRows(zc);
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
                run.Fail($"部门收支总表列有 {line.Code}“{line.Name.Trim()}”支出 {Comparisons.Format(amount)} {Units.Name(szUnit)}，部门支出总表无此类。", [at, At.Table(TableKey.Zc)], expected: "0", actual: Comparisons.Format(amount), unit: Units.Name(szUnit));
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
                if ((gfRow is null && StopsAbove(code, gfRows.Keys)) || (zcRow is null && StopsAbove(code, zcRows.Keys)))
                {
                    // One table is printed to a coarser level here (渝北 2024's 部门支出总表 stops at 款): the two agree or
                    // not at the level both print, and the missing detail is C3-LEVEL's, once, not an error per row.
                    continue;
                }

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

            zcRows.TryGetValue(code, out var zcRow);
            if (zcRow is null && StopsAbove(code, zcRows.Keys))
            {
                continue;
            }

            run.Checked();
            var zcTotal = zcRow?["total"] ?? Amount.Blank;
            if (zcTotal.IsUnparseable)
            {
                run.Review($"部门支出总表 {code} 合计无法识别为数字。", [At.Cell(TableKey.Zc, zcRow!, "total")], zcTotal.Printed ?? string.Empty);
                continue;
            }

            var zcValue = Units.Convert(zcTotal.ValueOrZero ?? 0m, zc.Unit, gf.Unit);
            if (gfTotal.Value > zcValue)
            {
                run.Fail($"一般公共预算支出表 {At.RowName(gfRow)} 合计 {Comparisons.Format(gfTotal)} {Units.Name(gf.Unit)}，大于部门支出总表同科目 {Comparisons.Fmt(zcValue)} {Units.Name(gf.Unit)}：财政拨款不应超过部门全部支出。",
                    [At.Cell(TableKey.Gf, gfRow, "total"), zcRow is null ? At.Table(TableKey.Zc, $"缺少科目 {code}") : At.Cell(TableKey.Zc, zcRow, "total")],
                    expected: $"≤ {Comparisons.Fmt(zcValue)}", actual: Comparisons.Format(gfTotal), difference: Comparisons.Fmt(gfTotal.Value - zcValue), unit: Units.Name(gf.Unit));
            }
        }
    }


    /// <summary>
    /// Whether a table without <paramref name="code"/> prints its 类 or 款 but nothing under it: the table stops above
    /// this level. A row missing among printed siblings is a missing row, not a coarser table.
    /// </summary>
    private static bool StopsAbove(string code, IEnumerable<string> printed)
    {
        var codes = printed as ICollection<string> ?? [.. printed];
        for (var length = code.Length - 2; length >= 3; length -= 2)
        {
            var parent = code[..length];
            if (codes.Contains(parent))
            {
                return !codes.Any(c => c.Length > length && c.StartsWith(parent, StringComparison.Ordinal));
            }
        }

        return false;
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
}
