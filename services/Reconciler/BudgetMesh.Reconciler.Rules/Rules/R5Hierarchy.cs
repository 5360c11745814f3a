using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.Reconciler.Numbers;

namespace BudgetMesh.Reconciler.Rules;

/// <summary>R5: 类 = Σ 款, 款 = Σ 项 in every coded table, and codes unique within a table.</summary>
internal static partial class WithinTableRules
{
    /// <summary>
    /// R5: in every coded table and column, 类 = Σ 款 and 款 = Σ 项; for the tables R2 does not cover, the 合计
    /// row = Σ top-level rows.
    /// </summary>
    public static void Hierarchy(BudgetPackage package, RuleRun run)
    {
        if (package.Tables is null)
        {
            run.NotApplicable("本包无附表。");
            return;
        }

        var any = false;
        foreach (var table in CodedTables.All(package.Tables))
        {
            any = true;
            var rows = table.Rows.Where(r => IsCode(r.Code)).ToList();

            // Children by parent code in one pass (in printed order), not a scan of every row for every parent. The
            // parent code is looked up as a prefix span: a string is made only for each new parent, not each row.
            var childrenOf = new Dictionary<string, List<CodedRow>>(StringComparer.Ordinal);
            var byPrefix = childrenOf.GetAlternateLookup<ReadOnlySpan<char>>();
            foreach (var row in rows)
            {
                if (CodedTable.ParentLength(row.Code.Length, table.IsFunction) is > 0 and var length)
                {
                    var parentCode = row.Code.AsSpan(0, length);
                    if (!byPrefix.TryGetValue(parentCode, out var siblings))
                    {
                        byPrefix[parentCode] = siblings = [];
                    }

                    siblings.Add(row);
                }
            }

            foreach (var parent in rows)
            {
                if (!childrenOf.TryGetValue(parent.Code, out var children))
                {
                    continue;
                }

                var level = parent.Code.Length == 3 ? "类" : "款";
                var childLevel = parent.Code.Length == 3 ? "款" : "项";
                foreach (var column in table.Columns)
                {
                    // Almost every parent adds up: decide that without building the message and locations.
                    if (AddsUp(parent[column], children, column) is { } allBlank)
                    {
                        if (!allBlank)
                        {
                            run.Checked();
                        }

                        continue;
                    }

                    CheckChildren(run, table, parent, children, column, level, childLevel);
                }
            }

            if (table.Key is not (TableKey.Gf or TableKey.Jj or TableKey.Gz or TableKey.Zc))
            {
                CheckGrandTotal(table, run);
            }
        }

        if (!any)
        {
            run.NotApplicable("本包未印分科目的表。");
        }
    }

    // Apart from Hierarchy's loop, so that the lambda's closure is only allocated for a sum that may be reported.
    private static void CheckChildren(RuleRun run, CodedTable table, CodedRow parent, List<CodedRow> children, string column, string level, string childLevel) =>
        run.CheckSum(
            $"{TableNames.Of(table.Key)} {At.RowName(parent)}（{level}）{Names.Column(column)}列应等于其下各{childLevel}之和",
            parent[column], At.Cell(table.Key, parent, column),
            [.. children.Select(c => (c[column], At.Cell(table.Key, c, column)))], table.Unit);

    /// <summary>
    /// What <see cref="RuleRun.CheckSum"/> would decide without a finding: null when it may find something (an
    /// unreadable cell, a difference), else whether every cell is blank (then it does not even count as checked).
    /// </summary>
    private static bool? AddsUp(Amount printed, List<CodedRow> children, string column)
    {
        if (printed.IsUnparseable)
        {
            return null;
        }

        var sum = 0m;
        var allBlank = printed.IsBlank;
        foreach (var child in children)
        {
            var cell = child[column];
            if (cell.IsUnparseable)
            {
                return null;
            }

            allBlank &= cell.IsBlank;
            sum += cell.ValueOrZero ?? 0m;
        }

        return allBlank || (printed.ValueOrZero ?? 0m) == sum ? allBlank : null;
    }

    /// <summary>R5 (Intake leaves it to us): codes are unique within a table.</summary>
    public static void DuplicateCodes(BudgetPackage package, RuleRun run)
    {
        if (package.Tables is null)
        {
            run.NotApplicable("本包无附表。");
            return;
        }

        foreach (var table in CodedTables.All(package.Tables))
        {
            run.Checked();
            if (!HasRepeatedCode(table.Rows))
            {
                continue;
            }

            foreach (var group in table.Rows.Where(r => r.Code.Length > 0).GroupBy(r => r.Code).Where(g => g.Count() > 1))
            {
                var rows = group.ToList();
                run.Fail(
                    $"{TableNames.Of(table.Key)} 科目 {group.Key} 重复出现 {rows.Count} 次（第 {string.Join("、", rows.Select(r => r.RowIndex + 1))} 行）。",
                    rows.Select(r => At.Cell(table.Key, r, string.Empty)),
                    actual: rows.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    expected: "1");
            }
        }
    }

    private static bool HasRepeatedCode(IReadOnlyList<CodedRow> rows)
    {
        var seen = new HashSet<string>(rows.Count, StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (row.Code.Length > 0 && !seen.Add(row.Code))
            {
                return true;
            }
        }

        return false;
    }
}
