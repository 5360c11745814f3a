using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.Reconciler.Numbers;

namespace BudgetMesh.Reconciler.Narrative;

/// <summary>TableFacts for 政府采购: the CG total and its 货物/工程/服务 sums.</summary>
internal sealed partial class TableFacts
{
    private TableAnswer Procurement(Quantity quantity)
    {
        var cg = tables.Cg;
        if (cg is null)
        {
            return TableAnswer.None("未公开政府采购明细表");
        }

        var unit = cg.Meta?.Unit ?? AmountUnit.Unspecified;
        var column = quantity.Fund.Length > 0 ? "general_budget" : "total";
        if (quantity.Detail.Length == 0)
        {
            if (cg.TotalRow is not null)
            {
                var printed = column == "total" ? (cg.TotalRow.HasTotal ? cg.TotalRow.Total : null) : (cg.TotalRow.HasGeneralBudget ? cg.TotalRow.GeneralBudget : null);
                return new TableAnswer(new TableCell(TableKey.Cg, string.Empty, column, -1, Amount.Parse(printed), unit, $"政府采购明细表合计（{ColumnName(column)}）"), string.Empty);
            }

            return Sum(cg, null, column, unit);
        }

        var kind = quantity.Detail switch
        {
            "goods" => ProcurementKind.Goods,
            "works" => ProcurementKind.Works,
            _ => ProcurementKind.Services,
        };
        // Unit subtotal rows have no project code; only detail rows say what is bought.
        if (!cg.Rows.Any(r => r.Kind != ProcurementKind.Unspecified))
        {
            return TableAnswer.None("政府采购明细表未列货物/工程/服务类别");
        }

        return Sum(cg, kind, column, unit);
    }

    private static TableAnswer Sum(ProcurementTable cg, ProcurementKind? kind, string column, AmountUnit unit)
    {
        var sum = 0m;
        foreach (var row in cg.Rows.Where(r => r.ProjectCode.Trim().Length > 0 && (kind is null || r.Kind == kind)))
        {
            var amount = Amount.Parse(column == "total" ? (row.HasTotal ? row.Total : null) : (row.HasGeneralBudget ? row.GeneralBudget : null));
            if (amount.IsUnparseable)
            {
                return new TableAnswer(new TableCell(TableKey.Cg, row.ProjectCode, column, cg.Rows.IndexOf(row), amount, unit, $"政府采购明细表{row.ProjectCode}"), string.Empty);
            }

            sum += amount.ValueOrZero ?? 0m;
        }

        var name = kind switch
        {
            ProcurementKind.Goods => "货物",
            ProcurementKind.Works => "工程",
            ProcurementKind.Services => "服务",
            _ => "明细",
        };
        return new TableAnswer(new TableCell(TableKey.Cg, string.Empty, column, -1, Amount.Parse(sum.ToString(System.Globalization.CultureInfo.InvariantCulture)), unit, $"政府采购明细表{name}合计（{ColumnName(column)}）"), string.Empty);
    }
}
