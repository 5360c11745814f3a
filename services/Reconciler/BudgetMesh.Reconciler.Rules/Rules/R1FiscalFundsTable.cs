using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.Reconciler.Numbers;

namespace BudgetMesh.Reconciler.Rules;

/// <summary>R1: the 财政拨款收支总表 balances, its lines split by fund, its subtotals add up.</summary>
internal static partial class WithinTableRules
{
    /// <summary>R1: CZ income total = expenditure total.</summary>
    public static void CzBalance(BudgetPackage package, RuleRun run)
    {
        var cz = package.Tables?.Cz;
        if (cz is null || cz.Meta?.State == TableState.DeclaredEmpty)
        {
            run.NotApplicable("本包未印财政拨款收支总表。");
            return;
        }

        var unit = cz.Meta?.Unit ?? AmountUnit.Unspecified;
        run.CheckSame(
            "财政拨款收支总表 收入合计与支出合计",
            Amount.Parse(cz.ExpenditureTotal?.HasTotal == true ? cz.ExpenditureTotal.Total : null), unit, FundRowAt(cz.ExpenditureTotal, -1, "total"),
            LabeledValue(cz.IncomeTotal), unit, LabeledAt(cz.IncomeTotal, "income_total"));
    }

    /// <summary>R1: every CZ expenditure line's total = its fund columns.</summary>
    public static void CzFunds(BudgetPackage package, RuleRun run)
    {
        var cz = package.Tables?.Cz;
        if (cz is null || cz.Meta?.State == TableState.DeclaredEmpty)
        {
            run.NotApplicable("本包未印财政拨款收支总表。");
            return;
        }

        var unit = cz.Meta?.Unit ?? AmountUnit.Unspecified;
        foreach (var (row, index) in CzLines(cz))
        {
            if (run.AddsUp(FundCell(row, "total"), [FundCell(row, "general_budget"), FundCell(row, "government_fund"), FundCell(row, "state_capital")]))
            {
                continue;
            }

            var terms = FundColumns.Select(c => (FundCell(row, c), FundRowAt(row, index, c))).ToList();
            run.CheckSum($"财政拨款收支总表“{row.Name.Trim()}”合计应等于各资金列之和", FundCell(row, "total"), FundRowAt(row, index, "total"), terms, unit);
        }
    }

    /// <summary>
    /// R1: CZ subtotals (本年收入, 上年结转, 收入合计, 本年支出, 支出合计) add up. A subtotal row the region's
    /// format does not print (Shanghai prints neither 本年收入 nor 上年结转) is not expected: the total is then
    /// checked against the lines that are printed.
    /// </summary>
    public static void CzSubtotals(BudgetPackage package, RuleRun run)
    {
        var cz = package.Tables?.Cz;
        if (cz is null || cz.Meta?.State == TableState.DeclaredEmpty)
        {
            run.NotApplicable("本包未印财政拨款收支总表。");
            return;
        }

        var profile = Profiles.RegionProfiles.For(package);
        var unit = cz.Meta?.Unit ?? AmountUnit.Unspecified;
        (Amount, Location)[] current = [Term(cz.GeneralBudgetIncome, "general_budget_income"), Term(cz.GovernmentFundIncome, "government_fund_income"), Term(cz.StateCapitalIncome, "state_capital_income")];
        (Amount, Location)[] carryover = [Term(cz.CarryoverGeneralBudget, "carryover_general_budget"), Term(cz.CarryoverGovernmentFund, "carryover_government_fund"), Term(cz.CarryoverStateCapital, "carryover_state_capital")];
        var currentPrinted = cz.CurrentYearIncome is not null || profile.PrintsCzRow("current_year_income");
        var carryoverPrinted = cz.CarryoverIncome is not null || profile.PrintsCzRow("carryover_income");
        if (currentPrinted)
        {
            run.CheckSum("财政拨款收支总表“一、本年收入”应等于各资金收入之和", LabeledValue(cz.CurrentYearIncome), LabeledAt(cz.CurrentYearIncome, "current_year_income"), current, unit);
        }

        if (carryoverPrinted)
        {
            run.CheckSum("财政拨款收支总表“二、上年结转”应等于各项结转之和", LabeledValue(cz.CarryoverIncome), LabeledAt(cz.CarryoverIncome, "carryover_income"), carryover, unit);
        }

        (Amount, Location)[] incomeTerms =
        [
            .. currentPrinted ? [Term(cz.CurrentYearIncome, "current_year_income")] : current,
            .. carryoverPrinted ? [Term(cz.CarryoverIncome, "carryover_income")] : carryover,
        ];
        run.CheckSum(
            currentPrinted && carryoverPrinted ? "财政拨款收支总表“收入合计”应等于本年收入与上年结转之和" : "财政拨款收支总表“收入总计”应等于各项收入之和",
            LabeledValue(cz.IncomeTotal), LabeledAt(cz.IncomeTotal, "income_total"), incomeTerms, unit);

        foreach (var column in (string[])["total", .. FundColumns])
        {
            if (cz.CurrentYearExpenditure is not null)
            {
                run.CheckSum(
                    $"财政拨款收支总表“一、本年支出”{Names.Column(column)}列应等于各功能分类之和",
                    FundCell(cz.CurrentYearExpenditure, column), FundRowAt(cz.CurrentYearExpenditure, -1, column),
                    [.. cz.ExpenditureByFunction.Select((row, i) => (FundCell(row, column), FundRowAt(row, i, column)))], unit);
            }

            if (cz.ExpenditureTotal is null)
            {
                continue;
            }

            if (cz.CurrentYearExpenditure is not null || profile.PrintsCzRow("current_year_expenditure"))
            {
                run.CheckSum(
                    $"财政拨款收支总表“支出合计”{Names.Column(column)}列应等于本年支出与结转下年之和",
                    FundCell(cz.ExpenditureTotal, column), FundRowAt(cz.ExpenditureTotal, -1, column),
                    [(FundCell(cz.CurrentYearExpenditure, column), FundRowAt(cz.CurrentYearExpenditure, -1, column)), (FundCell(cz.CarryForward, column), FundRowAt(cz.CarryForward, -1, column))], unit);
            }
            else
            {
                // No 本年支出 row in the region's format: the total is the functions' lines (and any carry-forward).
                run.CheckSum(
                    $"财政拨款收支总表“支出总计”{Names.Column(column)}列应等于各功能分类之和",
                    FundCell(cz.ExpenditureTotal, column), FundRowAt(cz.ExpenditureTotal, -1, column),
                    [.. cz.ExpenditureByFunction.Select((row, i) => (FundCell(row, column), FundRowAt(row, i, column))), (FundCell(cz.CarryForward, column), FundRowAt(cz.CarryForward, -1, column))], unit);
            }
        }
    }

    internal static Amount LabeledValue(LabeledAmount? labeled) => Amount.Parse(labeled?.HasAmount == true ? labeled.Amount : null);

    internal static Location LabeledAt(LabeledAmount? labeled, string field, TableKey table = TableKey.Cz) => At.Labeled(table, field, labeled?.Label ?? string.Empty);

    internal static Amount FundCell(FundSplitRow? row, string column) => row is null ? Amount.Blank : column switch
    {
        "total" => Amount.Parse(row.HasTotal ? row.Total : null),
        "general_budget" => Amount.Parse(row.HasGeneralBudget ? row.GeneralBudget : null),
        "government_fund" => Amount.Parse(row.HasGovernmentFund ? row.GovernmentFund : null),
        "state_capital" => Amount.Parse(row.HasStateCapital ? row.StateCapital : null),
        _ => Amount.Blank,
    };

    internal static Location FundRowAt(FundSplitRow? row, int index, string column) => new()
    {
        Table = TableKey.Cz,
        RowCode = row?.Code ?? string.Empty,
        Column = column,
        RowIndex = index,
        Label = row?.Name.Trim() ?? string.Empty,
    };

    private static (Amount, Location) Term(LabeledAmount? labeled, string field) => (LabeledValue(labeled), LabeledAt(labeled, field));

    private static IEnumerable<(FundSplitRow Row, int Index)> CzLines(FiscalFundsOverviewTable cz)
    {
        if (cz.CurrentYearExpenditure is not null)
        {
            yield return (cz.CurrentYearExpenditure, -1);
        }

        for (var i = 0; i < cz.ExpenditureByFunction.Count; i++)
        {
            yield return (cz.ExpenditureByFunction[i], i);
        }

        if (cz.CarryForward is not null)
        {
            yield return (cz.CarryForward, -1);
        }

        if (cz.ExpenditureTotal is not null)
        {
            yield return (cz.ExpenditureTotal, -1);
        }
    }

    private static bool IsSubtotalLabel(string label) =>
        label.Contains("小计", StringComparison.Ordinal) || label.Contains("合计", StringComparison.Ordinal) || label.Contains("总计", StringComparison.Ordinal)
        || label.StartsWith("一、", StringComparison.Ordinal) || label.StartsWith("二、", StringComparison.Ordinal);
}
