using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.Contracts.Text;
using BudgetMesh.Reconciler.Numbers;

namespace BudgetMesh.Reconciler.Narrative;

/// <summary>TableFacts at the function rows: every level a sentence can name, and their prior year.</summary>
internal sealed partial class TableFacts
{
    /// <summary>Every function row GF, ZC, JJ and GZ print, at every level, names folded (first printing wins).</summary>
    public FunctionRows FunctionRows() => functionRows ??= new FunctionRows(ReadFunctionRows());

    private IEnumerable<(string Code, string Name)> ReadFunctionRows()
    {
        foreach (var table in new[] { tables.Gf, tables.Zc, tables.Jj, tables.Gz })
        {
            if (table is null)
            {
                continue;
            }

            foreach (var row in table.Rows)
            {
                var code = row.Code.Trim();
                if (code.Length is 3 or 5 or 7 && !string.IsNullOrWhiteSpace(row.Name))
                {
                    yield return (code, NormalizedText.Fold(row.Name));
                }
            }
        }
    }

    /// <summary>
    /// The prior-year cell for a quantity: GF's prior-year column where it is printed, for the quantities GF
    /// stands for. A department whose whole budget is 一般公共预算 (its total equals GF's) compares its income
    /// and expenditure totals with GF's prior-year total too.
    /// </summary>
    public TableCell? Prior(Quantity quantity, TableCell current)
    {
        var gf = tables.Gf;
        if (gf is null || (gf.PriorYear == 0 && !(gf.TotalRow?.HasPriorYear ?? false) && !gf.Rows.Any(r => r.HasPriorYear)))
        {
            return null;
        }

        var unit = gf.Meta?.Unit ?? AmountUnit.Unspecified;
        var label = gf.PriorYear > 0 ? $"{gf.PriorYear}年" : "上年";
        switch (quantity.Kind)
        {
            case QuantityKind.IncomeTotal or QuantityKind.ExpenditureTotal or QuantityKind.IncomeBySource or QuantityKind.ExpenditureByFund:
                if (quantity.Detail is not "" and not "general_budget" || gf.TotalRow is null || !gf.TotalRow.HasPriorYear)
                {
                    return null;
                }

                var total = FunctionTotal(gf, TableKey.Gf, "total");
                if (total is null || !SameValue(total, current))
                {
                    return null;
                }

                return new TableCell(TableKey.Gf, string.Empty, "prior_year", -1, Amount.Parse(gf.TotalRow.PriorYear), unit, $"一般公共预算财政拨款支出预算表{label}合计");
            case QuantityKind.FunctionClass:
                var index = IndexOf(gf, quantity.Detail);
                if (index < 0 || !gf.Rows[index].HasPriorYear)
                {
                    return null;
                }

                var row = FunctionRow(gf, TableKey.Gf, quantity.Detail);
                if (row is null || !SameValue(row, current))
                {
                    return null;
                }

                return new TableCell(TableKey.Gf, quantity.Detail, "prior_year", index, Amount.Parse(gf.Rows[index].PriorYear), unit, $"一般公共预算财政拨款支出预算表{quantity.Detail}{Quantity.Level(quantity.Detail)}{label}数");
            default:
                return null;
        }
    }

    // A 款/项 row only where the table prints it: a table that lists the 类 alone says nothing about its 项.
    private static TableCell? PrintedRow(FunctionExpenditureTable? table, TableKey key, string code) =>
        table is null || IndexOf(table, code) < 0 ? null : FunctionRow(table, key, code);

    /// <summary>
    /// Whether GF prints a prior-year column but leaves it blank (or 0) for the row a quantity names: a growth
    /// rate stated for it has no base.
    /// </summary>
    public bool PriorIsZero(Quantity quantity)
    {
        var gf = tables.Gf;
        if (gf is null || quantity.Kind != QuantityKind.FunctionClass || !(gf.PriorYear > 0 || gf.Rows.Any(r => r.HasPriorYear)))
        {
            return false;
        }

        var index = IndexOf(gf, quantity.Detail);
        return index >= 0 && Amount.Parse(gf.Rows[index].HasPriorYear ? gf.Rows[index].PriorYear : null).ValueOrZero == 0m;
    }
}
