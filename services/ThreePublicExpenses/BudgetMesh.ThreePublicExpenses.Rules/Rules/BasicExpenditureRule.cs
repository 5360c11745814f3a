using BudgetMesh.Contracts.Report.V1;
namespace BudgetMesh.ThreePublicExpenses.Rules;

/// <summary>
/// T2: each 三公 item is at least its JB economic line (接待 ≥ 30217, 车运行 ≥ 30231, 出国 ≥ 30212,
/// 购置 ≥ 31013). 三公 covers basic and project money, so a JB line above it means hidden or misbooked
/// spending.
/// </summary>
internal static class BasicExpenditureRule
{
    private static readonly (ThreePublicItem Item, string Code)[] Pairs =
    [
        (ThreePublicItem.Reception, "30217"),
        (ThreePublicItem.VehicleOperation, "30231"),
        (ThreePublicItem.OutboundTravel, "30212"),
        (ThreePublicItem.VehiclePurchase, "31013"),
    ];

    public static RuleResult Check(ThreePublicTable? table, BasicExpenditure? basic)
    {
        if (table is null)
        {
            return ThreePublicRun.Review(RuleIds.BasicExpenditure, "未提供“三公”经费支出表，无法与基本支出预算表比较。");
        }

        if (basic is null)
        {
            return ThreePublicRun.Review(RuleIds.BasicExpenditure, "未提供基本支出预算表（部门预算支出经济分类），无法比较。");
        }

        var run = ThreePublicRun.Start(RuleIds.BasicExpenditure);
        foreach (var (item, code) in Pairs)
        {
            var lines = basic.Lines.Where(l => l.Code.Trim() == code).ToList();
            if (lines.Count == 0)
            {
                continue;
            }

            var unreadableLines = lines.Where(l => l.Total.IsUnreadable).ToList();
            foreach (var line in unreadableLines)
            {
                run.Review(Findings.Of(
                    Severity.Warning,
                    $"基本支出预算表 {code} {line.Name} 的合计单元格为“{line.Total.Raw}”，不是数字，无法比较（不按 0 处理）。",
                    [SgLocations.JbRow(code, line.RowIndex)],
                    actual: line.Total.Raw ?? string.Empty));
            }

            var cell = table.DeclaredEmpty ? Cell.Blank : table.Current[item];
            if (cell.IsUnreadable)
            {
                run.Review(SgFindings.UnreadableCell(item, cell));
            }

            if (unreadableLines.Count > 0 || cell.IsUnreadable)
            {
                continue;
            }

            var booked = Units.Convert(lines.Sum(l => l.Total.ValueOrZeroWhenBlank!.Value), basic.Unit, table.Unit);
            var budgeted = cell.ValueOrZeroWhenBlank!.Value;
            var tolerance = Units.PrintedTolerance(basic.Unit, table.Unit, table.Unit);
            if (booked - budgeted <= tolerance)
            {
                continue;
            }

            var u = Units.Name(table.Unit);
            run.Add(Findings.Of(
                Severity.Error,
                $"基本支出预算表 {code} {lines[0].Name} {Units.Format(booked)}{u}，高于“三公”经费支出表的{ThreePublicItems.Name(item)} {Units.Format(budgeted)}{u}（多 {Units.Format(booked - budgeted)}{u}）。"
                    + "“三公”经费包含基本支出和项目支出，基本支出中的该项不应超过它，可能有隐匿或错列的支出。",
                [SgLocations.JbRow(code, lines[0].RowIndex), SgLocations.SgCell(ThreePublicItems.Column(item))],
                expected: $"≤ {Units.Format(budgeted)}",
                actual: Units.Format(booked),
                difference: Units.Format(booked - budgeted),
                tolerance: Units.Format(tolerance),
                unit: u));
        }

        return run.Result();
    }
}
