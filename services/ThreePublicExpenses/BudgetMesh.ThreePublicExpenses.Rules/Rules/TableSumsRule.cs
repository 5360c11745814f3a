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
            return RuleResult.Review(RuleIds.TableSums, "未提供“三公”经费支出表，无法核对合计。");
        }

        if (table.DeclaredEmpty)
        {
            return RuleResult.NotApplicable(RuleIds.TableSums, "“三公”经费支出表声明无数据。");
        }

        var findings = new List<Finding>();
        CheckYear(table.Current, table.Unit, priorYear: false, findings);
        if (table.Prior is { } prior)
        {
            CheckYear(prior, table.Unit, priorYear: true, findings);
        }

        return RuleResult.From(RuleIds.TableSums, findings, needsReview: false);
    }

    private static void CheckYear(ThreePublicCells cells, AmountUnit unit, bool priorYear, List<Finding> findings)
    {
        var unreadable = ThreePublicItems.All.Where(i => cells[i].IsUnreadable).ToList();
        findings.AddRange(unreadable.Select(i => SgFindings.NonNumericCell(RuleIds.TableSums, i, cells[i], priorYear)));
        if (unreadable.Count > 0)
        {
            return;
        }

        CheckSum(cells, unit, priorYear, ThreePublicItem.VehiclesSubtotal, [ThreePublicItem.VehiclePurchase, ThreePublicItem.VehicleOperation], findings);
        CheckSum(cells, unit, priorYear, ThreePublicItem.Total, [ThreePublicItem.OutboundTravel, ThreePublicItem.VehiclesSubtotal, ThreePublicItem.Reception], findings);
    }

    private static void CheckSum(ThreePublicCells cells, AmountUnit unit, bool priorYear, ThreePublicItem printed, ThreePublicItem[] parts, List<Finding> findings)
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
        findings.Add(new Finding(
            RuleIds.TableSums,
            rounding ? Severity.Info : Severity.Error,
            message,
            [FindingLocation.SgCell(ThreePublicItems.Column(printed), priorYear), .. parts.Select(p => FindingLocation.SgCell(ThreePublicItems.Column(p), priorYear))],
            Expected: Units.Format(sum),
            Actual: Units.Format(Value(printed)),
            Difference: Units.Format(difference),
            Tolerance: Units.Format(envelope),
            Unit: u));
    }
}
