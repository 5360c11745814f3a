using System.Text.RegularExpressions;

namespace BudgetMesh.Reconciler.Rules;

/// <summary>
/// The table titles the narrative lists as entries (its 目录, or a list of 附件), each without its number
/// ("1.", "4．", "附件1：", "表一") and dot leaders or page number, compared with a printed title word for word:
/// only spaces and full/half-width forms are ignored.
/// </summary>
internal sealed partial class TableOfContents
{
    private readonly HashSet<string> _entries;

    private TableOfContents(HashSet<string> entries) => _entries = entries;

    public bool IsEmpty => _entries.Count == 0;

    public static TableOfContents Read(string? narrative)
    {
        var entries = new HashSet<string>(StringComparer.Ordinal);
        // Lines as spans: only a line that can be an entry (it names a 表 and is not a paragraph; leaders included,
        // a 目录 line stays short) becomes a string.
        foreach (var line in (narrative ?? string.Empty).AsSpan().EnumerateLines())
        {
            if (line.Length > 200 || !line.Contains('表'))
            {
                continue;
            }

            var key = Entry(line.ToString());
            if (key.Length > 0)
            {
                entries.Add(key);
            }
        }

        return new TableOfContents(entries);
    }

    /// <summary>Whether an entry carries exactly this title.</summary>
    public bool Lists(string title)
    {
        var key = Key(title);
        return key.Length > 0 && _entries.Contains(key);
    }

    /// <summary>A line as a 目录 entry: without its number in front and its leaders and page number behind.</summary>
    internal static string Entry(string line)
    {
        var key = Leaders().Replace(Key(line), string.Empty);

        // Only a short line can be an entry; a paragraph that happens to hold a title is not one.
        return key.Length is 0 or > 80 ? string.Empty : Number().Replace(key, string.Empty);
    }

    /// <summary>Full/half-width forms folded (NFKC) and every space removed.</summary>
    internal static string Key(string text) => BudgetMesh.Contracts.Text.NormalizedText.Canonical(text);

    // After folding: "…………12", "......", "——3" at the end.
    [GeneratedRegex("[.…·•—\\-_]{2,}\\d*$|[.…]+$")]
    private static partial Regex Leaders();

    // "1." "4、" "(一)" "一、" "附件1:" "附表3" "表一" "表1-2", possibly repeated ("五、1.").
    // A bare number needs its separator: "2025年…" keeps its year.
    [GeneratedRegex("^(?:(?:附件|附表|表)[0-9一二三四五六七八九十]+(?:-[0-9]+)?[.、:]?|[0-9一二三四五六七八九十]+[.、:]|\\([0-9一二三四五六七八九十]+\\)[、.:]?)+")]
    private static partial Regex Number();
}
