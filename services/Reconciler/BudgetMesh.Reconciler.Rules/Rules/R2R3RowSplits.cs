using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.Reconciler.Numbers;

namespace BudgetMesh.Reconciler.Rules;

/// <summary>R2, R3: a row's total is its basic + project (GF, JJ, GZ, ZC) or personnel + public-use (JB) split.</summary>
internal static partial class WithinTableRules
{
    /// <summary>R2: in GF, JJ, GZ and ZC every row's total = basic + project.</summary>
    public static void RowSplit(BudgetPackage package, RuleRun run)
    {
        var any = false;
        foreach (var table in FunctionTables(package))
        {
            any = true;
            foreach (var row in WithTotal(table))
            {
                if (run.AddsUp(row["total"], [row["basic"], row["project"]]))
                {
                    continue;
                }

                run.CheckSum(
                    $"{TableNames.Of(table.Key)} {At.RowName(row)} 合计应等于基本支出与项目支出之和",
                    row["total"], At.Cell(table.Key, row, "total"),
                    [(row["basic"], At.Cell(table.Key, row, "basic")), (row["project"], At.Cell(table.Key, row, "project"))], table.Unit);
            }
        }

        if (!any)
        {
            run.NotApplicable("本包未印功能分类支出表（一般公共预算、政府性基金、国有资本经营、部门支出）。");
        }
    }

    /// <summary>R2: in GF, JJ, GZ and ZC the 合计 row = Σ 类 rows, in every column.</summary>
    public static void FunctionTotals(BudgetPackage package, RuleRun run)
    {
        var any = false;
        foreach (var table in FunctionTables(package))
        {
            any = true;
            CheckGrandTotal(table, run);
        }

        if (!any)
        {
            run.NotApplicable("本包未印功能分类支出表。");
        }
    }

    /// <summary>R3: JB row total = 人员经费 + 日常公用经费.</summary>
    public static void BasicSplit(BudgetPackage package, RuleRun run)
    {
        var table = CodedTables.Basic(package.Tables?.Jb);
        if (table is null)
        {
            run.NotApplicable("本包未印一般公共预算基本支出表（部门经济分类）。");
            return;
        }

        foreach (var row in WithTotal(table))
        {
            if (run.AddsUp(row["total"], [row["personnel"], row["public_use"]]))
            {
                continue;
            }

            run.CheckSum(
                $"{TableNames.Of(TableKey.Jb)} {At.RowName(row)} 合计应等于人员经费与日常公用经费之和",
                row["total"], At.Cell(TableKey.Jb, row, "total"),
                [(row["personnel"], At.Cell(TableKey.Jb, row, "personnel")), (row["public_use"], At.Cell(TableKey.Jb, row, "public_use"))], table.Unit);
        }
    }
}
