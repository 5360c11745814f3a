using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.ThreePublicExpenses.Narrative;

namespace BudgetMesh.ThreePublicExpenses.Rules;

/// <summary>
/// T4: every stated change against the prior year is right and explained. With a prior year known (the
/// table's prior-year column, else the department's counted figures of last year) each change must equal
/// current − prior and its direction word (增加/减少/持平) match the sign. Without one, the items' changes
/// must add up to the total's. Every non-zero change needs a reason ("主要原因是…"); the total's is taken
/// as explained when each item that changed gives its own, as departments usually write it.
/// </summary>
internal static class YearOnYearRule
{
    private static readonly ThreePublicItem[] Order =
    [
        ThreePublicItem.Total,
        ThreePublicItem.OutboundTravel,
        ThreePublicItem.Reception,
        ThreePublicItem.VehiclesSubtotal,
        ThreePublicItem.VehicleOperation,
        ThreePublicItem.VehiclePurchase,
    ];

    public static RuleResult Check(CheckInput input, ThreePublicReading reading)
    {
        if (string.IsNullOrWhiteSpace(input.Narrative))
        {
            return ThreePublicRun.Review(RuleIds.YearOnYear, "未提供情况说明，无法核对“三公”经费的增减变化。");
        }

        if (!reading.SectionFound)
        {
            return ThreePublicRun.Review(RuleIds.YearOnYear, "情况说明中未找到“三公”经费情况说明，无法核对增减变化（见 T3）。");
        }

        var (current, prior, priorLabel, tableUnit) = Figures(input);
        var priorPrinted = input.Table?.Prior is not null;
        var run = ThreePublicRun.Start(RuleIds.YearOnYear);
        var changed = new Dictionary<ThreePublicItem, ItemStatement>();
        var readable = new Dictionary<ThreePublicItem, ItemStatement>();
        foreach (var item in Order)
        {
            if (reading.Find(item) is not { } statement)
            {
                continue;
            }

            if (statement.ChangeProblem is { } problem)
            {
                run.Review(SgFindings.UnreadableSentence(statement.Span, statement.Sentence, $"读不出与上年相比的增减（{problem}）"));
                continue;
            }

            if (statement.Change is not { } change)
            {
                if (item != ThreePublicItem.VehiclesSubtotal)
                {
                    run.Add(Findings.Of(
                        item == ThreePublicItem.Total ? Severity.Error : Severity.Warning,
                        $"情况说明未说明{ThreePublicItems.Name(item)}与上年相比的增减变化。",
                        [SgLocations.Sentence(statement.Span)]));
                }

                continue;
            }

            readable[item] = statement;
            var nonZero = change.SignedInTenThousand != 0;
            if (current is not null && prior is not null)
            {
                var actual = current[item] - prior[item];
                var tolerance = Units.PrintedTolerance(change.Amount.Unit, tableUnit, AmountUnit.TenThousandYuan);
                var actualDirection = actual > tolerance ? ChangeDirection.Increase : actual < -tolerance ? ChangeDirection.Decrease : ChangeDirection.Flat;
                var statedDirection = change.Amount.Value == 0 ? ChangeDirection.Flat : change.Direction;
                var facts = $"{priorLabel}为 {Units.Format(prior[item])}万元，本年为 {Units.Format(current[item])}万元，实际{Word(actual)}";
                if (statedDirection != actualDirection)
                {
                    run.Add(YearFinding(statement, priorPrinted, $"情况说明称{ThreePublicItems.Name(item)}比上年{change}，但{facts}，方向词“{change.Word}”与实际不符。", actual, change.SignedInTenThousand, tolerance));
                }
                else if (Math.Abs(change.SignedInTenThousand - actual) > tolerance)
                {
                    run.Add(YearFinding(statement, priorPrinted, $"情况说明称{ThreePublicItems.Name(item)}比上年{change}，但{facts}，增减金额不符。", actual, change.SignedInTenThousand, tolerance));
                }

                nonZero = actualDirection != ChangeDirection.Flat;
            }

            if (change.Direction != ChangeDirection.Flat && change.Amount.Value == 0)
            {
                run.Add(Findings.Of(
                    Severity.Info,
                    $"情况说明称{ThreePublicItems.Name(item)}比上年“{change.Word}{change.Amount}”：变动为 0 时宜表述为“持平”或“与上年持平”。",
                    [SgLocations.Sentence(statement.Span)]));
            }

            if (nonZero)
            {
                changed[item] = statement;
            }
        }

        CheckReasons(changed, run);
        if (current is null || prior is null)
        {
            CheckItemsAddUp(readable, run);
        }

        return run.Result();
    }

    private static void CheckReasons(Dictionary<ThreePublicItem, ItemStatement> changed, RuleRun run)
    {
        foreach (var (item, statement) in changed)
        {
            if (statement.Reason is not null)
            {
                continue;
            }

            var items = changed.Where(c => c.Key is not ThreePublicItem.Total and not ThreePublicItem.VehiclesSubtotal).ToList();
            if (item == ThreePublicItem.Total && items.Count > 0 && items.All(c => c.Value.Reason is not null))
            {
                continue;
            }

            // The subtotal is explained by 购置 and 运行 when both are stated on their own.
            if (item == ThreePublicItem.VehiclesSubtotal && changed.Keys.Any(k => k is ThreePublicItem.VehiclePurchase or ThreePublicItem.VehicleOperation)
                && changed.Where(c => c.Key is ThreePublicItem.VehiclePurchase or ThreePublicItem.VehicleOperation).All(c => c.Value.Reason is not null))
            {
                continue;
            }

            var empty = statement.ReasonMarkerWithoutText ? "“主要原因是”之后没有内容" : "没有说明原因";
            run.Add(Findings.Of(
                Severity.Error,
                $"情况说明称{ThreePublicItems.Name(item)}比上年{statement.Change}，{empty}（应写明“主要原因是……”）。",
                [SgLocations.Sentence(statement.Span)]));
        }
    }

    private static void CheckItemsAddUp(Dictionary<ThreePublicItem, ItemStatement> readable, RuleRun run)
    {
        if (!readable.TryGetValue(ThreePublicItem.Total, out var total)
            || !readable.TryGetValue(ThreePublicItem.OutboundTravel, out var outbound)
            || !readable.TryGetValue(ThreePublicItem.Reception, out var reception))
        {
            return;
        }

        List<ItemStatement> vehicles = readable.TryGetValue(ThreePublicItem.VehiclePurchase, out var purchase) && readable.TryGetValue(ThreePublicItem.VehicleOperation, out var operation)
            ? [purchase, operation]
            : readable.TryGetValue(ThreePublicItem.VehiclesSubtotal, out var subtotal) ? [subtotal] : [];
        if (vehicles.Count == 0)
        {
            return;
        }

        List<ItemStatement> parts = [outbound, reception, .. vehicles];
        var sum = parts.Sum(p => p.Change!.SignedInTenThousand);
        var difference = total.Change!.SignedInTenThousand - sum;
        if (difference == 0)
        {
            return;
        }

        var envelope = (parts.Count + 1) * 0.005m;
        var rounding = Math.Abs(difference) <= envelope;
        run.Add(Findings.Of(
            rounding ? Severity.Info : Severity.Error,
            $"情况说明中各项与上年相比的增减之和为 {Units.FormatSigned(sum)}万元，“三公”经费合计却{total.Change}（{Units.FormatSigned(total.Change.SignedInTenThousand)}万元），相差 {Units.FormatSigned(difference)}万元"
                + (rounding ? "，可能为取整误差。" : "：某项的方向词或金额有误。"),
            [SgLocations.Sentence(total.Span), .. parts.Select(p => p.Span).Distinct().Select(s => SgLocations.Sentence(s))],
            expected: Units.Format(sum),
            actual: Units.Format(total.Change.SignedInTenThousand),
            difference: Units.Format(difference),
            tolerance: Units.Format(envelope),
            unit: "万元"));
    }

    private static (ThreePublicAmounts? Current, ThreePublicAmounts? Prior, string PriorLabel, AmountUnit TableUnit) Figures(CheckInput input)
    {
        if (input.Table is not { } table)
        {
            return (null, null, string.Empty, input.PackageUnit);
        }

        var current = table.DeclaredEmpty ? ThreePublicAmounts.Zero : table.Current.ToAmounts(table.Unit);
        if (table.Prior?.ToAmounts(table.Unit) is { } printed)
        {
            return (current, printed, "“三公”经费支出表的上年预算数", table.Unit);
        }

        return (current, input.RecordedPrior, "上年已记录的预算数", table.Unit);
    }

    private static Finding YearFinding(ItemStatement statement, bool priorPrinted, string message, decimal actual, decimal stated, decimal tolerance) => Findings.Of(
        Severity.Error,
        message,
        [
            SgLocations.Sentence(statement.Span),
            SgLocations.SgCell(ThreePublicItems.Column(statement.Item)),
            .. priorPrinted ? [SgLocations.SgCell(ThreePublicItems.Column(statement.Item), priorYear: true)] : Array.Empty<Location>(),
        ],
        expected: Units.Format(actual),
        actual: Units.Format(stated),
        difference: Units.Format(stated - actual),
        tolerance: Units.Format(tolerance),
        unit: "万元");

    private static string Word(decimal change) =>
        change > 0 ? $"增加 {Units.Format(change)}万元" : change < 0 ? $"减少 {Units.Format(-change)}万元" : "持平";
}
