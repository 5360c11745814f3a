using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.Reconciler.Numbers;

namespace BudgetMesh.Reconciler.Rules;

/// <summary>R1, R2, R3, R5, R6: identities inside one table (one file per rule group; helpers they share here).</summary>
internal static partial class WithinTableRules
{
    private static readonly string[] FundColumns = ["general_budget", "government_fund", "state_capital"];

    /// <summary>The 合计 row against the rows no printed ancestor already counts, column by column.</summary>
    internal static void CheckGrandTotal(CodedTable table, RuleRun run)
    {
        if (table.TotalRow is null)
        {
            return;
        }

        var top = TopLevel(table);
        foreach (var column in table.Columns)
        {
            if (AddsUp(table.TotalRow[column], top, column) is { } allBlank)
            {
                if (!allBlank)
                {
                    run.Checked();
                }

                continue;
            }

            CheckTopLevel(run, table, table.TotalRow, top, column);
        }
    }

    // Apart from the loop, so that the lambda's closure is only allocated for a sum that may be reported.
    private static void CheckTopLevel(RuleRun run, CodedTable table, CodedRow totalRow, List<CodedRow> top, string column) =>
        run.CheckSum(
            $"{TableNames.Of(table.Key)} 合计行{Names.Column(column)}列应等于各类科目之和",
            totalRow[column], At.Cell(table.Key, totalRow, column),
            [.. top.Select(r => (r[column], At.Cell(table.Key, r, column)))], table.Unit);

    /// <summary>Rows none of whose ancestors is printed: the 类 rows, plus orphans of a lost parent.</summary>
    internal static List<CodedRow> TopLevel(CodedTable table)
    {
        var codes = table.Rows.Select(r => r.Code).ToHashSet(StringComparer.Ordinal);
        var printed = codes.GetAlternateLookup<ReadOnlySpan<char>>();
        var top = new List<CodedRow>();
        foreach (var row in table.Rows)
        {
            if (IsCode(row.Code) && !HasPrintedAncestor(row.Code))
            {
                top.Add(row);
            }
        }

        return top;

        // The ancestors are the code's prefixes (7 → 5 → 3 digits): looked up as spans, none made into strings.
        bool HasPrintedAncestor(string code)
        {
            for (var length = CodedTable.ParentLength(code.Length, table.IsFunction); length > 0; length = CodedTable.ParentLength(length, table.IsFunction))
            {
                if (printed.Contains(code.AsSpan(0, length)))
                {
                    return true;
                }
            }

            return false;
        }
    }

    internal static bool IsCode(string code) => code.Length > 0 && !code.AsSpan().ContainsAnyExceptInRange('0', '9');

    internal static IEnumerable<CodedTable> FunctionTables(BudgetPackage package)
    {
        var tables = package.Tables;
        if (tables is null)
        {
            yield break;
        }

        foreach (var (key, table) in new[] { (TableKey.Gf, tables.Gf), (TableKey.Jj, tables.Jj), (TableKey.Gz, tables.Gz), (TableKey.Zc, tables.Zc) })
        {
            if (CodedTables.Function(key, table) is { } coded)
            {
                yield return coded;
            }
        }
    }

    /// <summary>A table's 类 rows by code. A class printed twice is R5-DUPLICATE-CODE's finding; here the first one stands for it.</summary>
    internal static Dictionary<string, CodedRow> ClassRows(CodedTable table) =>
        table.Rows.Where(r => r.Code.Length == 3).GroupBy(r => r.Code).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

    internal static IEnumerable<CodedRow> WithTotal(CodedTable table) =>
        table.TotalRow is null ? table.Rows : table.Rows.Append(table.TotalRow);
}
