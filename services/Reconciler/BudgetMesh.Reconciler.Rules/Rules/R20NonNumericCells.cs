using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.Reconciler.Numbers;

namespace BudgetMesh.Reconciler.Rules;

/// <summary>
/// R20: an amount cell prints a number. Text in its place ("十八", "1,2O0", "见附表") is never read as 0: every rule
/// that needs the cell says it cannot check it, and this rule makes the cell itself an error. Template residue
/// ("XX", ".") is R20-RESIDUE-CELL's finding; the 三公 table's cells are ThreePublicExpenses' (T1).
/// </summary>
internal static class R20NonNumericCells
{
    public static void Check(BudgetPackage package, RuleRun run)
    {
        foreach (var table in PrintedCells.Tables(package))
        {
            if (table.Key == TableKey.Sg)
            {
                continue;
            }

            foreach (var cell in PrintedCells.Cells(table))
            {
                if (!cell.IsAmount || cell.Column is "weight" or "execution_rate_weight")
                {
                    continue;
                }

                run.Checked();
                if (Amount.Parse(cell.Text).IsUnparseable && !PresentationRules.IsResidueValue(cell.Text))
                {
                    run.Fail(
                        $"{table.DisplayName} {PresentationRules.Where(cell)}“{Names.Column(cell.Column)}”印为“{cell.Text}”，不是数字：金额须以阿拉伯数字填写（不按 0 处理，依赖此格的核对均无法进行）。",
                        [cell.Location], expected: "数字", actual: cell.Text);
                }
            }
        }

        run.NotApplicable("本包无金额单元格。");
    }
}
