using BudgetMesh.Contracts.Report.V1;
namespace BudgetMesh.ThreePublicExpenses.Rules;

/// <summary>
/// T1: in the 三公 table, 合计 = 因公出国（境） + 公务用车购置及运行 + 公务接待 and 公务用车小计 = 购置 + 运行,
/// for the budget year and the prior year when printed. A blank cell is 0 here (the table leaves items
/// without money blank); a cell that is not a number is never 0 but an error of the table.
/// </summary>
internal static class TableSumsRule
{
    public static RuleResult Check(ThreePublicTable? table)
    {
        if (table is null)
        {
            return ThreePublicRun.Review(RuleIds.TableSums, "未提供“三公”经费支出表，无法核对合计。");
        }

        if (table.DeclaredEmpty)
        {
            return ThreePublicRun.NotApplicable(RuleIds.TableSums, "“三公”经费支出表声明无数据。");
        }

        var run = ThreePublicRun.Start(RuleIds.TableSums);
        CheckYear(table.Current, table.Unit, priorYear: false, run);
        if (table.Prior is { } prior)
        {
            CheckYear(prior, table.Unit, priorYear: true, run);
        }

        return run.Result();
    }

    private static void CheckYear(ThreePublicCells cells, AmountUnit unit, bool priorYear, RuleRun run)
    {
        var unreadable = ThreePublicItems.All.Where(i => cells[i].IsUnreadable).ToList();
        unreadable.ForEach(i => run.Add(SgFindings.NonNumericCell(i, cells[i], priorYear)));
        if (unreadable.Count > 0)
        {
            return;
        }

        CheckSum(cells, unit, priorYear, ThreePublicItem.VehiclesSubtotal, [ThreePublicItem.VehiclePurchase, ThreePublicItem.VehicleOperation], run);
        CheckSum(cells, unit, priorYear, ThreePublicItem.Total, [ThreePublicItem.OutboundTravel, ThreePublicItem.VehiclesSubtotal, ThreePublicItem.Reception], run);
    }

    private static void CheckSum(ThreePublicCells cells, AmountUnit unit, bool priorYear, ThreePublicItem printed, ThreePublicItem[] parts, RuleRun run)
    {
        decimal Value(ThreePublicItem item) => cells[item].ValueOrZeroWhenBlank!.Value;
        var sum = parts.Sum(Value);
        var difference = Value(printed) - sum;
        if (difference == 0)
        {
            return;
        }

        // n figures shown to 2 decimals may miss their printed total by (n+1)×0.005 of the unit.
        var envelope = (parts.Length + 1) * 0.005m;
        var u = Units.Name(unit);
        var rounding = Math.Abs(difference) <= envelope;
        var message = $"“三公”经费支出表{SgFindings.YearLabel(priorYear)}：{ThreePublicItems.Name(printed)} {Units.Format(Value(printed))}{u}，"
            + $"不等于 {string.Join(" + ", parts.Select(p => $"{ThreePublicItems.Name(p)} {Units.Format(Value(p))}{u}"))} = {Units.Format(sum)}{u}，"
            + $"相差 {Units.FormatSigned(difference)}{u}"
            + (rounding ? $"，在 ±{Units.Format(envelope)}{u} 以内，可能为取整误差。" : "。");
        run.Add(Findings.Of(
            rounding ? Severity.Info : Severity.Error,
            message,
            [SgLocations.SgCell(ThreePublicItems.Column(printed), priorYear), .. parts.Select(p => SgLocations.SgCell(ThreePublicItems.Column(p), priorYear))],
            expected: Units.Format(sum),
            actual: Units.Format(Value(printed)),
            difference: Units.Format(difference),
            tolerance: Units.Format(envelope),
            unit: u));
    }
}
