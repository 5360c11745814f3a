using System.Text.RegularExpressions;

namespace BudgetMesh.Cli.Import;

/// <summary>A printed key (normalised), its value cell as printed (null when blank) and where the key stood.</summary>
internal sealed record KeyValue(string Key, string? Value, Row Row, int Column);

/// <summary>
/// The key/value blocks of the target tables: `项目名称 | 中心运行费`, `填报单位： 103001-…` in one cell, a key whose
/// value is blank (`其他资金 | |`), and a key split over two rows by a page break (`总体 | …` / `目标 | …`).
/// </summary>
internal static partial class KeyValueRows
{
    /// <summary>No spaces, ASCII parentheses and colon, no trailing colon, no leading `其中：`.</summary>
    public static string Normalize(string cell)
    {
        var text = WhitespacePattern().Replace(cell, string.Empty).Replace('（', '(').Replace('）', ')').Replace('：', ':').TrimEnd(':');
        return text.StartsWith("其中:", StringComparison.Ordinal) && text.Length > 3 ? text[3..] : text;
    }

    /// <summary>Reads the pairs of <paramref name="rows"/>; a row whose every filled cell is a key or a value is placed.</summary>
    public static List<KeyValue> Read(IReadOnlyList<Row> rows, Func<string, bool> isKey)
    {
        var pairs = new List<KeyValue>();
        for (var r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            if (r + 1 < rows.Count && SplitKey(row, rows[r + 1], isKey) is { } split)
            {
                pairs.Add(split);
                rows[r + 1].Placed = true;
                r++;
                continue;
            }

            if (Spaced(row, isKey) is { Count: > 0 } spaced)
            {
                pairs.AddRange(spaced);
                row.Placed = true;
                continue;
            }

            var used = new bool[row.Cells.Count];
            for (var c = 0; c < row.Cells.Count; c++)
            {
                var text = row.Cells[c].Trim();
                if (used[c] || text.Length == 0)
                {
                    continue;
                }

                var key = Normalize(text);
                if (isKey(key))
                {
                    used[c] = true;
                    var next = NextFilled(row, c);
                    string? value = null;
                    if (next >= 0 && !isKey(Normalize(row.Cells[next])))
                    {
                        used[next] = true;
                        value = row.Cells[next];
                    }

                    pairs.Add(new KeyValue(key, value, row, c));
                }
                else if (text.IndexOfAny([':', '：']) is > 0 and var colon && isKey(Normalize(text[..colon])) && text[(colon + 1)..].Trim() is { Length: > 0 } inline)
                {
                    used[c] = true;
                    pairs.Add(new KeyValue(Normalize(text[..colon]), inline, row, c));
                }
            }

            row.Placed = row.Cells.Select((cell, c) => used[c] || cell.Trim().Length == 0).All(ok => ok);
        }

        return pairs;
    }

    /// <summary>
    /// A row printed as one single-spaced run (`项目名称 督查专项 主管部门 312-重庆市潼南区人民政府办公室`): each key
    /// word opens a pair whose value is the words up to the next key. Empty unless the run opens with a key.
    /// </summary>
    private static List<KeyValue> Spaced(Row row, Func<string, bool> isKey)
    {
        var pairs = new List<KeyValue>();
        if (row.Filled.ToList() is not [var only] || !only.Contains(' ', StringComparison.Ordinal))
        {
            return pairs;
        }

        var words = only.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (!isKey(Normalize(words[0])))
        {
            return pairs;
        }

        var column = row.Cells.FindIndex(c => c.Trim().Length > 0);
        string? key = null;
        var value = new List<string>();
        foreach (var word in words.Append(string.Empty))
        {
            if (word.Length == 0 || isKey(Normalize(word)))
            {
                if (key is not null)
                {
                    pairs.Add(new KeyValue(key, value.Count == 0 ? null : string.Join(' ', value), row, column));
                }

                (key, value) = (word.Length == 0 ? null : Normalize(word), []);
                continue;
            }

            value.Add(word);
        }

        return pairs;
    }

    /// <summary>`总体 | 完成…` then `目标 | …通知》…`: one key and one value, joined without a separator.</summary>
    private static KeyValue? SplitKey(Row first, Row second, Func<string, bool> isKey)
    {
        var a = first.Cells.FindIndex(c => c.Trim().Length > 0);
        var b = second.Cells.FindIndex(c => c.Trim().Length > 0);
        if (a < 0 || b < 0 || isKey(Normalize(first.Cells[a])) || !isKey(Normalize(first.Cells[a]) + Normalize(second.Cells[b])))
        {
            return null;
        }

        var firstValue = NextFilled(first, a);
        var secondValue = NextFilled(second, b);
        if (first.Filled.Count() > 2 || second.Filled.Count() > 2)
        {
            return null;
        }

        first.Placed = true;
        var value = (firstValue < 0 ? string.Empty : first.Cells[firstValue]) + (secondValue < 0 ? string.Empty : second.Cells[secondValue]);
        return new KeyValue(Normalize(first.Cells[a]) + Normalize(second.Cells[b]), value.Length == 0 ? null : value, first, a);
    }

    private static int NextFilled(Row row, int after)
    {
        for (var i = after + 1; i < row.Cells.Count; i++)
        {
            if (row.Cells[i].Trim().Length > 0)
            {
                return i;
            }
        }

        return -1;
    }

    [GeneratedRegex(@"[\s\u3000]+")]
    private static partial Regex WhitespacePattern();
}
