using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.ThreePublicExpenses.Narrative;

namespace BudgetMesh.ThreePublicExpenses.Rules;

/// <summary>
/// T3: the narrative's 三公 section states the total and every item separately — 购置 and 运行 apart,
/// even when 0 — and each equals the table after unit conversion, within the printed precision.
/// </summary>
internal static class NarrativeStatesTableRule
{
    public static RuleResult Check(CheckInput input, ThreePublicReading reading)
    {
        if (string.IsNullOrWhiteSpace(input.Narrative))
        {
            return ThreePublicRun.Review(RuleIds.NarrativeStatesTable, "未提供情况说明，无法核对“三公”经费的说明。");
        }

        if (reading.Section is not { } section)
        {
            var missing = ThreePublicRun.Start(RuleIds.NarrativeStatesTable);
            missing.Add(Findings.Of(Severity.Error, "情况说明中未找到“三公”经费情况说明：应说明“三公”经费合计及因公出国（境）费、公务接待费、公务用车购置费、公务用车运行维护费各项金额。", [Locations.Table(TableKey.Nar, "“三公”经费情况说明")]));
            return missing.Result();
        }

        var run = ThreePublicRun.Start(RuleIds.NarrativeStatesTable);
        var needsReview = false;
        var table = input.Table;
        foreach (var item in ThreePublicItems.All)
        {
            var statement = reading.Find(item);
            if (statement is null)
            {
                if (item != ThreePublicItem.VehiclesSubtotal)
                {
                    var apart = item is ThreePublicItem.VehiclePurchase or ThreePublicItem.VehicleOperation ? "（公务用车购置费和运行维护费应分别说明，为 0 也应说明）" : "（为 0 也应说明）";
                    run.Add(Findings.Of(
                        Severity.Error,
                        $"“三公”经费情况说明未单独说明{ThreePublicItems.Name(item)}{apart}。",
                        [SgLocations.Sentence(section, "“三公”经费情况说明")],
                        expected: ThreePublicItems.Name(item)));
                }

                continue;
            }

            if (statement.Amount is not { } stated)
            {
                run.Review(SgFindings.UnreadableSentence(statement.Span, statement.Sentence, $"读不出{ThreePublicItems.Name(item)}的金额（{statement.AmountProblem}）"));
                continue;
            }

            if (table is null)
            {
                needsReview = true;
                continue;
            }

            var cell = table.DeclaredEmpty ? Cell.Blank : table.Current[item];
            if (cell.IsUnreadable)
            {
                run.Review(SgFindings.UnreadableCell(item, cell));
                continue;
            }

            var printed = cell.ValueOrZeroWhenBlank!.Value;
            var said = Units.Convert(stated.Value, stated.Unit, table.Unit);
            var tolerance = Units.PrintedTolerance(stated.Unit, table.Unit, table.Unit);
            var difference = said - printed;
            if (Math.Abs(difference) <= tolerance)
            {
                continue;
            }

            var u = Units.Name(table.Unit);
            run.Add(Findings.Of(
                Severity.Error,
                $"情况说明称{ThreePublicItems.Name(item)} {stated}，“三公”经费支出表为 {Units.Format(printed)}{u}，相差 {Units.FormatSigned(difference)}{u}。",
                [SgLocations.Sentence(statement.Span), SgLocations.SgCell(ThreePublicItems.Column(item))],
                expected: Units.Format(printed),
                actual: Units.Format(said),
                difference: Units.Format(difference),
                tolerance: Units.Format(tolerance),
                unit: u));
        }

        if (needsReview)
        {
            run.Unchecked("未提供“三公”经费支出表，情况说明的金额无法与表格核对。");
        }

        return run.Result();
    }
}
