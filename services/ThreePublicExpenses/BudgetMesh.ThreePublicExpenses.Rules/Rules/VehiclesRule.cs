using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.ThreePublicExpenses.Narrative;

namespace BudgetMesh.ThreePublicExpenses.Rules;

/// <summary>
/// T5: vehicle money needs vehicles. 购置费 &gt; 0 needs vehicles to be bought (国有资产: 购置车辆 N 辆 &gt; 0),
/// and vehicles to be bought need 购置费; 运行维护费 &gt; 0 needs vehicles held (共有车辆 N 辆 &gt; 0).
/// </summary>
internal static class VehiclesRule
{
    public static RuleResult Check(CheckInput input, VehicleReading vehicles)
    {
        if (input.Table is not { } table)
        {
            return ThreePublicRun.Review(RuleIds.Vehicles, "未提供“三公”经费支出表，无法核对车辆情况。");
        }

        var run = ThreePublicRun.Start(RuleIds.Vehicles);
        var purchaseCell = table.DeclaredEmpty ? Cell.Blank : table.Current.VehiclePurchase;
        var operationCell = table.DeclaredEmpty ? Cell.Blank : table.Current.VehicleOperation;
        foreach (var (item, cell) in new[] { (ThreePublicItem.VehiclePurchase, purchaseCell), (ThreePublicItem.VehicleOperation, operationCell) })
        {
            if (cell.IsUnreadable)
            {
                run.Review(SgFindings.UnreadableCell(item, cell));
            }
        }

        var u = Units.Name(table.Unit);
        var notes = new List<string>();
        if (purchaseCell.ValueOrZeroWhenBlank is { } purchase)
        {
            if (purchase > 0)
            {
                Need(vehicles.ToBuy, "购置车辆数", purchase, ThreePublicItem.VehiclePurchase, "计划购置车辆", run, notes, u);
            }
            else if (vehicles.ToBuy is { Count: > 0 } toBuy)
            {
                run.Add(Findings.Of(
                    Severity.Warning,
                    $"情况说明称一般公共预算安排购置车辆 {toBuy.Count} 辆，但“三公”经费支出表的公务用车购置费为 {Units.Format(purchase)}{u}。",
                    [SgLocations.SgCell(ThreePublicItems.Column(ThreePublicItem.VehiclePurchase)), SgLocations.Sentence(toBuy.Span)],
                    expected: "> 0",
                    actual: Units.Format(purchase),
                    unit: u));
            }
        }

        if (operationCell.ValueOrZeroWhenBlank is { } operation && operation > 0)
        {
            Need(vehicles.Held, "车辆数", operation, ThreePublicItem.VehicleOperation, "共有车辆", run, notes, u);
        }

        var nothingToCheck = run.FindingCount == 0 && notes.Count == 0
            && purchaseCell.ValueOrZeroWhenBlank == 0 && operationCell.ValueOrZeroWhenBlank == 0 && vehicles.ToBuy?.Count is null or 0;
        return nothingToCheck
            ? ThreePublicRun.NotApplicable(RuleIds.Vehicles, "本年无公务用车购置费和运行维护费。")
            : Conclude(run, notes);
    }

    private static RuleResult Conclude(RuleRun run, List<string> notes)
    {
        if (notes.Count > 0)
        {
            run.Unchecked(string.Join(string.Empty, notes));
        }

        return run.Result();
    }

    private static void Need(VehicleCount? count, string what, decimal amount, ThreePublicItem item, string wording, RuleRun run, List<string> notes, string unit)
    {
        if (count is null)
        {
            notes.Add($"{ThreePublicItems.Name(item)}为 {Units.Format(amount)}{unit}，但情况说明的国有资产占有使用情况中未找到{what}，无法核对。");
            return;
        }

        if (count.Count is not { } n)
        {
            run.Review(SgFindings.UnreadableSentence(count.Span, count.Sentence, count.Problem ?? what));
            return;
        }

        if (n > 0)
        {
            return;
        }

        run.Add(Findings.Of(
            Severity.Warning,
            $"“三公”经费支出表的{ThreePublicItems.Name(item)}为 {Units.Format(amount)}{unit}，大于 0，但情况说明称{wording} 0 辆。",
            [SgLocations.SgCell(ThreePublicItems.Column(item)), SgLocations.Sentence(count.Span)],
            expected: "> 0",
            actual: "0",
            unit: "辆"));
    }
}
