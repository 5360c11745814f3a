using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.Reconciler.Numbers;

namespace BudgetMesh.Reconciler.Rules;

/// <summary>R6: 部门收支总表 balances and 部门收入总表 rows add up across their income sources.</summary>
internal static partial class WithinTableRules
{
    /// <summary>R6: SZ income total = expenditure total, and each side = Σ its lines.</summary>
    public static void SzBalance(BudgetPackage package, RuleRun run)
    {
        var sz = package.Tables?.Sz;
        if (sz is null || sz.Meta?.State == TableState.DeclaredEmpty)
        {
            run.NotApplicable("本包未印部门收支总表。");
            return;
        }

        var unit = sz.Meta?.Unit ?? AmountUnit.Unspecified;
        var incomeTotal = LabeledValue(sz.IncomeTotal);
        var incomeAt = LabeledAt(sz.IncomeTotal, "income_total", TableKey.Sz);
        var expenditureTotal = LabeledValue(sz.ExpenditureTotal);
        var expenditureAt = LabeledAt(sz.ExpenditureTotal, "expenditure_total", TableKey.Sz);
        run.CheckSame("部门收支总表 收入合计与支出合计", expenditureTotal, unit, expenditureAt, incomeTotal, unit, incomeAt);

        // A 财政拨款收入 line (Shanghai's "一、财政拨款收入") is the subtotal of the fund lines printed under it:
        // the total counts it instead of them, and it is checked against them.
        var fiscalLine = sz.Income.Select((line, i) => (line, i)).FirstOrDefault(x => x.line.Source == IncomeSource.FiscalAppropriation);
        var hasFiscalLine = fiscalLine.line is not null;
        var incomeLines = sz.Income.Select((line, i) => (line, i))
            .Where(x => x.line.Source == IncomeSource.Unspecified ? !IsSubtotalLabel(x.line.Label) : !(hasFiscalLine && IsFiscalFund(x.line.Source)))
            .ToList();
        run.CheckSum("部门收支总表 收入合计应等于各项收入之和", incomeTotal, incomeAt,
            [.. incomeLines.Select(x => (Amount.Parse(x.line.HasAmount ? x.line.Amount : null), At.Labeled(TableKey.Sz, "income", x.line.Label, x.i)))], unit);
        if (hasFiscalLine)
        {
            var funds = sz.Income.Select((line, i) => (line, i)).Where(x => IsFiscalFund(x.line.Source)).ToList();
            if (funds.Count > 0)
            {
                run.CheckSum($"部门收支总表“{fiscalLine.line!.Label.Trim()}”应等于其下各项财政拨款资金之和", Amount.Parse(fiscalLine.line.HasAmount ? fiscalLine.line.Amount : null),
                    At.Labeled(TableKey.Sz, "income", fiscalLine.line.Label, fiscalLine.i),
                    [.. funds.Select(x => (Amount.Parse(x.line.HasAmount ? x.line.Amount : null), At.Labeled(TableKey.Sz, "income", x.line.Label, x.i)))], unit);
            }
        }

        run.CheckSum("部门收支总表 支出合计应等于各项支出之和", expenditureTotal, expenditureAt,
            [.. sz.Expenditure.Select((line, i) => (SzExpenditure(line), new Location { Table = TableKey.Sz, RowCode = line.Code, Column = "expenditure", RowIndex = i, Label = line.Name }))], unit);
    }

    /// <summary>The three fiscal funds (一般公共预算, 政府性基金, 国有资本经营) that 财政拨款收入 adds up.</summary>
    internal static bool IsFiscalFund(IncomeSource source) => source is IncomeSource.GeneralBudget or IncomeSource.GovernmentFund or IncomeSource.StateCapital;

    /// <summary>
    /// An SZ expenditure line's amount: as printed, or — where the table splits each line into 人员经费, 公用经费 and
    /// 项目支出 without a line total — the sum of its parts (blank when none is printed, unreadable when one is not a number).
    /// </summary>
    internal static Amount SzExpenditure(FunctionAmountLine line)
    {
        if (line.HasAmount || !(line.HasPersonnel || line.HasPublicUse || line.HasProject))
        {
            return Amount.Parse(line.HasAmount ? line.Amount : null);
        }

        var sum = 0m;
        foreach (var part in (Amount[])[Amount.Parse(line.HasPersonnel ? line.Personnel : null), Amount.Parse(line.HasPublicUse ? line.PublicUse : null), Amount.Parse(line.HasProject ? line.Project : null)])
        {
            if (part.IsUnparseable)
            {
                return part;
            }

            sum += part.ValueOrZero ?? 0m;
        }

        return Amount.Parse(sum.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>R6: SR row total = Σ income-source columns.</summary>
    public static void SrSources(BudgetPackage package, RuleRun run)
    {
        var table = CodedTables.Income(package.Tables?.Sr);
        if (table is null)
        {
            run.NotApplicable("本包未印部门收入总表。");
            return;
        }

        foreach (var row in WithTotal(table))
        {
            // Values are in Columns order: the total first, then the sources. A row that prints 财政拨款收入 as one
            // column (Shanghai) counts it instead of the three fund columns; one that splits the funds leaves it out.
            var single = !row["fiscal_appropriation"].IsBlank;
            if (single ? SingleColumnAddsUp(run, row) : run.AddsUp(row["total"], row.Values.AsSpan(1, CodedTables.IncomeColumns.Length - 2)))
            {
                continue;
            }

            CheckSources(run, table, row, single);
        }
    }

    // Apart from the loop, so that the lambda's closure is only allocated for a sum that may be reported.
    private static void CheckSources(RuleRun run, CodedTable table, CodedRow row, bool single) =>
        run.CheckSum(
            $"{TableNames.Of(TableKey.Sr)} {At.RowName(row)} 总计应等于各收入来源之和",
            row["total"], At.Cell(TableKey.Sr, row, "total"),
            [.. SourceColumns(single).Select(c => (row[c], At.Cell(TableKey.Sr, row, c)))], table.Unit);

    // What RuleRun.AddsUp decides, over the source columns with 财政拨款收入 in place of the three fund columns
    // (Values in IncomeColumns order: 0 total, 2–4 the funds, 11 财政拨款收入), without building a term list.
    private static bool SingleColumnAddsUp(RuleRun run, CodedRow row)
    {
        var total = row.Values[0];
        if (total.IsUnparseable)
        {
            return false;
        }

        var sum = 0m;
        for (var i = 1; i < row.Values.Length; i++)
        {
            if (i is 2 or 3 or 4)
            {
                continue;
            }

            var term = row.Values[i];
            if (term.IsUnparseable)
            {
                return false;
            }

            sum += term.ValueOrZero ?? 0m;
        }

        if ((total.ValueOrZero ?? 0m) != sum)
        {
            return false;
        }

        run.Checked();
        return true;
    }

    /// <summary>The SR source columns one row's total adds up: the fund columns, or 财政拨款收入 in their place.</summary>
    internal static IEnumerable<string> SourceColumns(bool singleFiscalColumn) =>
        CodedTables.IncomeColumns.Skip(1).Where(c => singleFiscalColumn
            ? c is not ("general_budget" or "government_fund" or "state_capital")
            : c != "fiscal_appropriation");
}
