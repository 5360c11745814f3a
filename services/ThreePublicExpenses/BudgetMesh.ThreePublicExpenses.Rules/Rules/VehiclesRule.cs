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
            return RuleResult.Review(RuleIds.Vehicles, "未提供“三公”经费支出表，无法核对车辆情况。");
        }

        var findings = new List<Finding>();
        var purchaseCell = table.DeclaredEmpty ? Cell.Blank : table.Current.VehiclePurchase;
        var operationCell = table.DeclaredEmpty ? Cell.Blank : table.Current.VehicleOperation;
        foreach (var (item, cell) in new[] { (ThreePublicItem.VehiclePurchase, purchaseCell), (ThreePublicItem.VehicleOperation, operationCell) })
        {
            if (cell.IsUnreadable)
            {
                findings.Add(SgFindings.UnreadableCell(RuleIds.Vehicles, item, cell));
            }
        }

        var u = Units.Name(table.Unit);
        var notes = new List<string>();
        if (purchaseCell.ValueOrZeroWhenBlank is { } purchase)
        {
            if (purchase > 0)
            {
                Need(vehicles.ToBuy, "购置车辆数", purchase, ThreePublicItem.VehiclePurchase, "计划购置车辆", findings, notes, u);
            }
            else if (vehicles.ToBuy is { Count: > 0 } toBuy)
            {
                findings.Add(new Finding(
                    RuleIds.Vehicles,
                    Severity.Warning,
                    $"情况说明称一般公共预算安排购置车辆 {toBuy.Count} 辆，但“三公”经费支出表的公务用车购置费为 {Units.Format(purchase)}{u}。",
                    [FindingLocation.SgCell(ThreePublicItems.Column(ThreePublicItem.VehiclePurchase)), FindingLocation.Sentence(toBuy.Span)],
                    Expected: "> 0",
                    Actual: Units.Format(purchase),
                    Unit: u));
            }
        }

        if (operationCell.ValueOrZeroWhenBlank is { } operation && operation > 0)
        {
            Need(vehicles.Held, "车辆数", operation, ThreePublicItem.VehicleOperation, "共有车辆", findings, notes, u);
        }

        var nothingToCheck = findings.Count == 0 && notes.Count == 0
            && purchaseCell.ValueOrZeroWhenBlank == 0 && operationCell.ValueOrZeroWhenBlank == 0 && vehicles.ToBuy?.Count is null or 0;
        return nothingToCheck
            ? RuleResult.NotApplicable(RuleIds.Vehicles, "本年无公务用车购置费和运行维护费。")
            : RuleResult.From(RuleIds.Vehicles, findings, notes.Count > 0, string.Join(string.Empty, notes));
    }

    private static void Need(VehicleCount? count, string what, decimal amount, ThreePublicItem item, string wording, List<Finding> findings, List<string> notes, string unit)
    {
        if (count is null)
        {
            notes.Add($"{ThreePublicItems.Name(item)}为 {Units.Format(amount)}{unit}，但情况说明的国有资产占有使用情况中未找到{what}，无法核对。");
            return;
        }

        if (count.Count is not { } n)
        {
            findings.Add(SgFindings.UnreadableSentence(RuleIds.Vehicles, count.Span, count.Sentence, count.Problem ?? what));
            return;
        }

        if (n > 0)
        {
            return;
        }

        findings.Add(new Finding(
            RuleIds.Vehicles,
            Severity.Warning,
            $"“三公”经费支出表的{ThreePublicItems.Name(item)}为 {Units.Format(amount)}{unit}，大于 0，但情况说明称{wording} 0 辆。",
            [FindingLocation.SgCell(ThreePublicItems.Column(item)), FindingLocation.Sentence(count.Span)],
            Expected: "> 0",
            Actual: "0",
            Unit: "辆"));
    }
}
