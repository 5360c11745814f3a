using System.Text.RegularExpressions;

namespace BudgetMesh.Reconciler.Narrative;

/// <summary>What a label says about the function classification row it names.</summary>
/// <param name="Code">The row's code at the level the label names (3, 5 or 7 digits); null when the label names a
/// 款 or 项 the tables do not print, so the figure cannot be bound.</param>
/// <param name="Class">The 类 code of the path, when known (the context for an item list that follows).</param>
/// <param name="Section">The 款 code of the path, when known.</param>
internal sealed record FunctionPathMatch(string? Code, string Class, string Section)
{
    /// <summary>Only a 类 is named: the figure binds as any 类 figure; the path is context for the items after it.</summary>
    public bool ClassOnly { get; init; }
}

/// <summary>The function rows a package prints (GF, ZC, JJ, GZ; every level), names folded.</summary>
internal sealed class FunctionRows
{
    private readonly Dictionary<string, string> names = new(StringComparer.Ordinal);

    public FunctionRows(IEnumerable<(string Code, string Name)> rows)
    {
        foreach (var (code, name) in rows)
        {
            names.TryAdd(code, name);
        }
    }

    public bool Contains(string code) => names.ContainsKey(code);

    /// <summary>The printed name of a row, or null.</summary>
    public string? NameOf(string code) => names.GetValueOrDefault(code);

    /// <summary>
    /// The one row of <paramref name="length"/> digits under <paramref name="prefix"/> printed with this name; else the
    /// one whose name contains the named one or is contained in it (a name shortened in print); else null.
    /// </summary>
    public string? Child(string prefix, int length, string name)
    {
        var trimmed = Trim(name);
        return trimmed.Length == 0 ? null : Unique(prefix, length, p => p == trimmed) ?? Unique(prefix, length, p => trimmed.Length >= 2 && (p.Contains(trimmed, StringComparison.Ordinal) || trimmed.Contains(p, StringComparison.Ordinal)));
    }

    private string? Unique(string prefix, int length, Func<string, bool> matches)
    {
        string? found = null;
        foreach (var (code, printed) in names)
        {
            if (code.Length == length && code.StartsWith(prefix, StringComparison.Ordinal) && matches(Trim(printed)))
            {
                if (found is not null && found != code)
                {
                    return null;
                }

                found = code;
            }
        }

        return found;
    }

    /// <summary>A name without quotes, item numbering and the words around it ("科目", "支出为").</summary>
    public static string Trim(string name)
    {
        var span = name.AsSpan().Trim("“”\"'‘’「」《》:：");
        return span.ToString();
    }
}

/// <summary>
/// Reads the 类/款/项 a narrative label names, in any printed form: "X（类）Y（款）Z（项）", "（208类）（05款）（01项）",
/// "X-Y-Z" (类-款-项 names joined by dashes), or the 5/7-digit code. A figure binds to the row at that level, not
/// to its 类: a 项 amount is never compared with the 类 total.
/// </summary>
internal static partial class FunctionPath
{
    [GeneratedRegex(@"\((?<code>[0-9]{2,3})(?<level>类|款|项)\)", RegexOptions.CultureInvariant)]
    private static partial Regex CodeMarker();

    [GeneratedRegex(@"(?<![0-9.])(?<code>2[0-9]{4}(?:[0-9]{2})?)(?![0-9.])", RegexOptions.CultureInvariant)]
    private static partial Regex Code();

    [GeneratedRegex(@"^[0-9]{1,2}\.|科目$|支出为$|为$|预算为$|安排$", RegexOptions.CultureInvariant)]
    private static partial Regex Decoration();

    /// <summary>
    /// The path the text before a number names. <paramref name="text"/> runs from the previous number (so a
    /// path split by commas is seen whole); <paramref name="label"/> is the clause right before the number.
    /// <paramref name="context"/> is the previous path of the same passage (an item list names only the 项).
    /// Null when the text names no level below 类 in any form.
    /// </summary>
    public static FunctionPathMatch? Find(string text, string label, FunctionRows rows, IReadOnlyList<(string Code, string Name)> classes, FunctionPathMatch? context)
    {
        if (text.Contains('(') && ByCodeMarkers(text) is { } coded)
        {
            return coded;
        }

        if (text.Contains("(项)", StringComparison.Ordinal) || text.Contains("(款)", StringComparison.Ordinal))
        {
            return ByNameMarkers(text, rows, classes, context);
        }

        if (text.Contains("(类)", StringComparison.Ordinal))
        {
            // "一般公共服务支出（类）2224.07万元，其中：行政运行（项）…": the 类 figure binds as before; the 类 is the
            // context of the item list that follows.
            var at = text.LastIndexOf("(类)", StringComparison.Ordinal);
            return FunctionClasses.Find(LastName(text, 0, at), classes) is { } cls ? new FunctionPathMatch(cls.Code, cls.Code, string.Empty) { ClassOnly = true } : null;
        }

        if (label.Contains('-') || label.Contains('—'))
        {
            if (ByDashes(label, rows, classes) is { } dashed)
            {
                return dashed;
            }
        }

        foreach (var match in Code().EnumerateMatches(label))
        {
            var code = label.Substring(match.Index, match.Length);
            if (rows.Contains(code))
            {
                return new FunctionPathMatch(code, code[..3], code.Length >= 5 ? code[..5] : string.Empty);
            }
        }

        return null;
    }

    // "（208类）…（05款）…（01项）": the codes joined are the row's code.
    private static FunctionPathMatch? ByCodeMarkers(string text)
    {
        string cls = string.Empty, section = string.Empty, item = string.Empty;
        foreach (Match match in CodeMarker().Matches(text))
        {
            var code = match.Groups["code"].Value;
            switch (match.Groups["level"].Value)
            {
                case "类" when code.Length == 3:
                    cls = code;
                    break;
                case "款" when code.Length == 2:
                    section = code;
                    break;
                case "项" when code.Length == 2:
                    item = code;
                    break;
            }
        }

        if (cls.Length == 0 || (section.Length == 0 && item.Length > 0))
        {
            return null;
        }

        var full = cls + section + (section.Length > 0 ? item : string.Empty);
        return new FunctionPathMatch(full, cls, section.Length > 0 ? cls + section : string.Empty);
    }

    // "X（类）Y（款）Z（项）", or "Z（项）" after a path of the same passage.
    private static FunctionPathMatch? ByNameMarkers(string text, FunctionRows rows, IReadOnlyList<(string Code, string Name)> classes, FunctionPathMatch? context)
    {
        var itemAt = text.LastIndexOf("(项)", StringComparison.Ordinal);
        var sectionAt = itemAt >= 0 ? text.LastIndexOf("(款)", itemAt, StringComparison.Ordinal) : text.LastIndexOf("(款)", StringComparison.Ordinal);
        var classEnd = sectionAt >= 0 ? sectionAt : itemAt;
        var classAt = text.LastIndexOf("(类)", classEnd, StringComparison.Ordinal);

        var cls = context?.Class ?? string.Empty;
        var nameStart = 0;
        if (classAt >= 0)
        {
            var className = LastName(text, 0, classAt);
            cls = FunctionClasses.Find(className, classes)?.Code ?? string.Empty;
            nameStart = classAt + 3;
        }

        if (cls.Length == 0)
        {
            return new FunctionPathMatch(null, string.Empty, string.Empty);
        }

        var section = classAt < 0 && sectionAt < 0 ? context?.Section ?? string.Empty : string.Empty;
        if (sectionAt >= 0)
        {
            var sectionName = classAt >= 0 ? Clean(text[nameStart..sectionAt]) : LastName(text, 0, sectionAt);
            section = rows.Child(cls, 5, sectionName) ?? string.Empty;
            nameStart = sectionAt + 3;
            if (section.Length == 0 && itemAt < 0)
            {
                return new FunctionPathMatch(null, cls, string.Empty);
            }
        }

        if (itemAt < 0)
        {
            return new FunctionPathMatch(section, cls, section);
        }

        var itemName = sectionAt >= 0 || classAt >= 0 ? Clean(text[nameStart..itemAt]) : LastName(text, 0, itemAt);
        // A 款 the tables do not print (some print 类 and 项 only): the 项's name under the 类 decides.
        var item = section.Length > 0 ? rows.Child(section, 7, itemName) : rows.Child(cls, 7, itemName);
        return new FunctionPathMatch(item, cls, item is null ? section : item[..5]);
    }

    // "一般公共服务支出-政府办公厅（室）及相关机构事务-行政运行": the first part must be a 类's name, exactly.
    private static FunctionPathMatch? ByDashes(string label, FunctionRows rows, IReadOnlyList<(string Code, string Name)> classes)
    {
        var parts = Clean(label).Split(['-', '—'], StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length is < 2 or > 3)
        {
            return null;
        }

        var cls = FunctionClasses.Find(parts[0], classes);
        if (cls is null || cls.Value.Name != parts[0])
        {
            return null;
        }

        var section = rows.Child(cls.Value.Code, 5, parts[1]);
        if (section is null)
        {
            return new FunctionPathMatch(null, cls.Value.Code, string.Empty);
        }

        if (parts.Length == 2)
        {
            return new FunctionPathMatch(section, cls.Value.Code, section);
        }

        var item = rows.Child(section, 7, parts[2]);
        return new FunctionPathMatch(item, cls.Value.Code, section);
    }

    // The name right before a marker: back to the previous clause break or quote.
    private static string LastName(string text, int from, int end)
    {
        var start = from;
        for (var i = end - 1; i >= from; i--)
        {
            if ("，,;:。、!?“”\"".IndexOf(text[i], StringComparison.Ordinal) >= 0)
            {
                start = i + 1;
                break;
            }
        }

        return Clean(text[start..end]);
    }

    private static string Clean(string name)
    {
        var trimmed = FunctionRows.Trim(name);
        var cleaned = Decoration().Replace(trimmed, string.Empty);
        while (cleaned.Length != trimmed.Length)
        {
            trimmed = FunctionRows.Trim(cleaned);
            cleaned = Decoration().Replace(trimmed, string.Empty);
        }

        return FunctionRows.Trim(cleaned);
    }
}
