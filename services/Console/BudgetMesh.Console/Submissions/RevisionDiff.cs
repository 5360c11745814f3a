using BudgetMesh.Contracts.Budget.V1;

namespace BudgetMesh.Console.Submissions;

/// <summary>One cell that differs between two revisions; a null side means the cell (or its row) is not there.</summary>
internal sealed record CellChange(string Table, string Row, string Column, string? Before, string? After);

/// <summary>
/// The changed cells between two revisions. Rows are matched by their code (or name when uncoded, or position
/// when neither is printed), so a row inserted in the middle shows as one added row, not a cascade of changes.
/// </summary>
internal static class RevisionDiff
{
    public static IReadOnlyList<CellChange> Between(BudgetPackage before, BudgetPackage after)
    {
        var old = Cells(before);
        var @new = Cells(after);
        var changes = new List<CellChange>();
        foreach (var (key, value) in @new)
        {
            old.TryGetValue(key, out var previous);
            if (!string.Equals(previous, value, StringComparison.Ordinal))
            {
                changes.Add(new CellChange(key.Table, key.Row, key.Column, previous, value));
            }
        }

        changes.AddRange(old.Where(o => !@new.ContainsKey(o.Key)).Select(o => new CellChange(o.Key.Table, o.Key.Row, o.Key.Column, o.Value, null)));
        if (!string.Equals(before.Narrative?.Text, after.Narrative?.Text, StringComparison.Ordinal))
        {
            changes.Add(new CellChange("情况说明", "", "text", Summary(before.Narrative?.Text), Summary(after.Narrative?.Text)));
        }

        return changes;
    }

    private static Dictionary<(string Table, string Row, string Column), string?> Cells(BudgetPackage package)
    {
        var cells = new Dictionary<(string, string, string), string?>();
        foreach (var table in PackageTables.From(package))
        {
            foreach (var field in table.Fields)
            {
                cells[(table.Id, "", field.Field)] = field.Value;
            }

            foreach (var grid in table.Grids)
            {
                foreach (var row in grid.Rows)
                {
                    var identity = row.Index < 0 ? row.Source
                        : row.Code.Length > 0 ? $"{grid.Field}:{row.Code}"
                        : row.Name.Length > 0 ? $"{grid.Field}:{row.Name}"
                        : $"{grid.Field}#{row.Index + 1}";
                    foreach (var (column, value) in row.Cells)
                    {
                        // The first occurrence wins when a code repeats; later ones keep their position.
                        if (!cells.TryAdd((table.Id, identity, column), value))
                        {
                            cells[(table.Id, $"{identity}#{row.Index + 1}", column)] = value;
                        }
                    }
                }
            }
        }

        return cells;
    }

    private static string? Summary(string? text) => text is null ? null : text.Length <= 40 ? text : $"{text[..40]}…（共{text.Length}字）";
}
