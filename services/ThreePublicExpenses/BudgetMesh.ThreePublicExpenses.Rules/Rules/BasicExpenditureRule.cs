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
            return RuleResult.Review(RuleIds.BasicExpenditure, "未提供“三公”经费支出表，无法与基本支出预算表比较。");
        }

        if (basic is null)
        {
            return RuleResult.Review(RuleIds.BasicExpenditure, "未提供基本支出预算表（部门预算支出经济分类），无法比较。");
        }

        var findings = new List<Finding>();
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
                findings.Add(new Finding(
                    RuleIds.BasicExpenditure,
                    Severity.Warning,
                    $"基本支出预算表 {code} {line.Name} 的合计单元格为“{line.Total.Raw}”，不是数字，无法比较（不按 0 处理）。",
                    [FindingLocation.JbRow(code, line.RowIndex)],
                    Actual: line.Total.Raw ?? string.Empty,
                    IsReview: true));
            }

            var cell = table.DeclaredEmpty ? Cell.Blank : table.Current[item];
            if (cell.IsUnreadable)
            {
                findings.Add(SgFindings.UnreadableCell(RuleIds.BasicExpenditure, item, cell));
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
            findings.Add(new Finding(
                RuleIds.BasicExpenditure,
                Severity.Error,
                $"基本支出预算表 {code} {lines[0].Name} {Units.Format(booked)}{u}，高于“三公”经费支出表的{ThreePublicItems.Name(item)} {Units.Format(budgeted)}{u}（多 {Units.Format(booked - budgeted)}{u}）。"
                    + "“三公”经费包含基本支出和项目支出，基本支出中的该项不应超过它，可能有隐匿或错列的支出。",
                [FindingLocation.JbRow(code, lines[0].RowIndex), FindingLocation.SgCell(ThreePublicItems.Column(item))],
                Expected: $"≤ {Units.Format(budgeted)}",
                Actual: Units.Format(booked),
                Difference: Units.Format(booked - budgeted),
                Tolerance: Units.Format(tolerance),
                Unit: u));
        }

        return RuleResult.From(RuleIds.BasicExpenditure, findings, needsReview: false);
    }
}
