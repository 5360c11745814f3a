using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.Reconciler.Numbers;
using static BudgetMesh.Reconciler.Rules.WithinTableRules;

namespace BudgetMesh.Reconciler.Rules;

/// <summary>R7–R12: ties between tables (R7, R8, R10 and the shared chains here; R9, R11–R12 in their own files).</summary>
internal static partial class CrossTableRules
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
        var classes = ClassRows(gf);
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
                run.Fail($"财政拨款收支总表列有 {line.Code}“{line.Name.Trim()}”一般公共预算支出 {Comparisons.Format(amount)} {Units.Name(czUnit)}，一般公共预算财政拨款支出预算表无此类。", [at, At.Table(TableKey.Gf)], expected: "0", actual: Comparisons.Format(amount), unit: Units.Name(czUnit));
            }
        }

        var czCodes = cz.ExpenditureByFunction.Select(l => l.Code).ToHashSet(StringComparer.Ordinal);
        foreach (var gfRow in classes.Values.Where(r => !czCodes.Contains(r.Code) && r["total"] is { IsNumber: true, Value: not 0m }))
        {
            run.Fail($"一般公共预算财政拨款支出预算表 {At.RowName(gfRow)} 合计 {Comparisons.Format(gfRow["total"])} {Units.Name(gf.Unit)}，财政拨款收支总表无此类。", [At.Cell(TableKey.Gf, gfRow, "total"), At.Table(TableKey.Cz)], expected: Comparisons.Format(gfRow["total"]), actual: "0", unit: Units.Name(gf.Unit));
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

    /// <summary>R10: JJ total = CZ 政府性基金 column.</summary>
    public static void JjAgainstCz(BudgetPackage package, RuleRun run) =>
        FundTable(package, run, CodedTables.Function(TableKey.Jj, package.Tables?.Jj), "government_fund");

    /// <summary>R10: GZ total = CZ 国有资本经营 column.</summary>
    public static void GzAgainstCz(BudgetPackage package, RuleRun run) =>
        FundTable(package, run, CodedTables.Function(TableKey.Gz, package.Tables?.Gz), "state_capital");

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
                run.Fail($"财政拨款收支总表{Names.Column(czColumn)}支出 {Comparisons.Format(czAmount)} {Units.Name(czUnit)}，但未印{TableNames.Of(tableKey)}。", [czAt, At.Table(tableKey)], expected: Comparisons.Format(czAmount), actual: "（缺表）", unit: Units.Name(czUnit));
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
}
