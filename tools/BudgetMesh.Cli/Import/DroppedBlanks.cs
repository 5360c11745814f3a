using System.Globalization;

namespace BudgetMesh.Cli.Import;

/// <summary>
/// Rows whose text dropped its blank cells (a PDF's text with single spaces between cells: `2010301 行政运行 810.30
/// 810.30` under 合计 | 基本支出 | 项目支出) are placed by the table's own arithmetic, never by guess: the profile's sums
/// (合计 = 基本支出 + 项目支出) leave the candidate placements of a row's printed amounts, in printed order; a row with
/// several is decided by its parent (a 类 is the sum of its 款, a 款 of its 项, 合计 of the 类; where a 款 row is not
/// printed, its 项 rows, which the code places under it, count in their 类 instead). A row still open after that is left
/// unplaced with its reason.
/// </summary>
internal static class DroppedBlanks
{
    private const int MaxCombinations = 4096;

    public const string Undecided = "文本省略了空白单元格，按表内金额关系无法确定各金额所在的列";

    /// <summary>A row to place: its code (empty for 合计), its printed amounts and, once decided, the field of each.</summary>
    internal sealed class Placement(string code, IReadOnlyList<string> amounts, List<string[]> candidates)
    {
        public string Code { get; } = code;

        public IReadOnlyList<string> Amounts { get; } = amounts;

        public List<string[]> Candidates { get; } = candidates;

        public string[]? Fields => Candidates.Count == 1 ? Candidates[0] : null;
    }

    /// <summary>The placements of <paramref name="amounts"/> (fewer than <paramref name="fields"/>) that keep every sum.</summary>
    public static List<string[]> Candidates(IReadOnlyList<string> amounts, IReadOnlyList<string> fields, IReadOnlyList<IReadOnlyList<string>> sums)
    {
        var result = new List<string[]>();
        if (amounts.Count > fields.Count || !amounts.All(Import.Amounts.IsNumber))
        {
            return result;
        }

        foreach (var positions in Choose(fields.Count, amounts.Count))
        {
            var placed = positions.Select(p => fields[p]).ToArray();
            if (Holds(placed, amounts, sums))
            {
                result.Add(placed);
            }
        }

        return result;
    }

    /// <summary>Decides rows with several candidates by their parents' sums, until nothing changes.</summary>
    public static void ByParents(IReadOnlyList<Placement> rows, IReadOnlyList<string> parts)
    {
        var parents = rows.ToDictionary(r => r, r => ParentOf(rows, r));
        var changed = true;
        while (changed)
        {
            changed = false;
            foreach (var parent in rows)
            {
                var children = rows.Where(r => parents[r] == parent).ToList();
                var group = children.Prepend(parent).ToList();
                if (children.Count == 0 || group.All(r => r.Candidates.Count == 1) || group.Any(r => r.Candidates.Count == 0))
                {
                    continue;
                }

                var combinations = group.Aggregate(1L, (n, r) => n * r.Candidates.Count);
                if (combinations > MaxCombinations)
                {
                    continue;
                }

                var surviving = Combinations(group).Where(choice => parts.All(part =>
                    Sum(children.Select((c, i) => (c, choice[i + 1])), part) == ValueOf(parent, choice[0], part))).ToList();
                if (surviving.Count == 0)
                {
                    continue;
                }

                for (var i = 0; i < group.Count; i++)
                {
                    var agreed = surviving.Select(s => s[i]).Distinct(FieldsComparer.Instance).ToList();
                    if (agreed.Count == 1 && group[i].Candidates.Count > 1)
                    {
                        group[i].Candidates.RemoveAll(c => !FieldsComparer.Instance.Equals(c, agreed[0]));
                        changed = true;
                    }
                }
            }
        }
    }

    /// <summary>
    /// The printed row whose sum <paramref name="row"/> is part of: its nearest ancestor by code (2010301 → 款 20103, or
    /// 类 201 when the 款 row is not printed; a 类 → 合计, the row without a code); null for 合计 or when none is printed.
    /// </summary>
    public static Placement? ParentOf(IReadOnlyList<Placement> rows, Placement row)
    {
        if (row.Code.Length == 0)
        {
            return null;
        }

        for (var length = row.Code.Length - 2; length >= 3; length -= 2)
        {
            var prefix = row.Code[..length];
            if (rows.FirstOrDefault(r => r.Code == prefix) is { } ancestor)
            {
                return ancestor;
            }
        }

        return rows.FirstOrDefault(r => r.Code.Length == 0);
    }

    /// <summary>
    /// The levels a row's code places it under that the table does not print (2010301 without a 20103 row → 20103): its
    /// amounts then count in the nearest printed ancestor.
    /// </summary>
    public static IEnumerable<string> MissingLevels(IReadOnlyList<Placement> rows, Placement row)
    {
        for (var length = row.Code.Length - 2; length >= 3; length -= 2)
        {
            var prefix = row.Code[..length];
            if (rows.Any(r => r.Code == prefix))
            {
                yield break;
            }

            yield return prefix;
        }
    }

    private static decimal Sum(IEnumerable<(Placement Row, string[] Fields)> rows, string part) => rows.Sum(r => ValueOf(r.Row, r.Fields, part));

    private static decimal ValueOf(Placement row, string[] fields, string part)
    {
        var index = Array.IndexOf(fields, part);
        return index >= 0 && Import.Amounts.TryValue(row.Amounts[index], out var value) ? value : 0;
    }

    private static IEnumerable<string[][]> Combinations(List<Placement> group)
    {
        IEnumerable<string[][]> result = [[]];
        foreach (var row in group)
        {
            var options = row.Candidates;
            result = result.SelectMany(prefix => options.Select(o => (string[][])[.. prefix, o]));
        }

        return result;
    }

    private static bool Holds(string[] placed, IReadOnlyList<string> amounts, IReadOnlyList<IReadOnlyList<string>> sums)
    {
        decimal Value(string field)
        {
            var index = Array.IndexOf(placed, field);
            return index >= 0 ? decimal.Parse(amounts[index].Replace(",", string.Empty, StringComparison.Ordinal), NumberStyles.Number, CultureInfo.InvariantCulture) : 0;
        }

        return sums.All(sum => Value(sum[0]) == sum.Skip(1).Sum(Value));
    }

    /// <summary>Every increasing choice of <paramref name="k"/> positions out of <paramref name="n"/>.</summary>
    private static IEnumerable<int[]> Choose(int n, int k)
    {
        if (k == 0)
        {
            yield return [];
            yield break;
        }

        for (var first = 0; first <= n - k; first++)
        {
            foreach (var rest in Choose(n - first - 1, k - 1))
            {
                yield return [first, .. rest.Select(r => r + first + 1)];
            }
        }
    }

    private sealed class FieldsComparer : IEqualityComparer<string[]>
    {
        public static readonly FieldsComparer Instance = new();

        public bool Equals(string[]? x, string[]? y) => x is not null && y is not null && x.SequenceEqual(y);

        public int GetHashCode(string[] obj) => string.Join('|', obj).GetHashCode(StringComparison.Ordinal);
    }
}
