namespace BudgetMesh.Classification.Catalogs;

/// <summary>
/// Forgives exactly what printing does to a name: full-width ASCII forms (（） ，０-９) read as their half-width
/// twins, and every space, indentation or line break (a name split over two lines) disappears. Nothing else
/// is forgiven: a different character is a different name.
/// </summary>
internal static class NameNormalizer
{
    public static string Normalize(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return string.Empty;
        }

        // Most printed codes and names are already normal: no copy for them (10,000-line batches).
        if (IsNormal(name))
        {
            return name;
        }

        return string.Create(CountKept(name), name, static (span, source) =>
        {
            var i = 0;
            foreach (var c in source)
            {
                if (IsBlank(c))
                {
                    continue;
                }

                span[i++] = c is >= '\uFF01' and <= '\uFF5E' ? (char)(c - 0xFEE0) : c;
            }
        });
    }

    private static bool IsNormal(string name)
    {
        foreach (var c in name)
        {
            if (IsBlank(c) || c is >= '\uFF01' and <= '\uFF5E')
            {
                return false;
            }
        }

        return true;
    }

    private static int CountKept(string name)
    {
        var count = 0;
        foreach (var c in name)
        {
            if (!IsBlank(c))
            {
                count++;
            }
        }

        return count;
    }

    // char.IsWhiteSpace covers the ideographic space U+3000 and no-break spaces as well.
    private static bool IsBlank(char c) => char.IsWhiteSpace(c) || c == '\u200B' || c == '\uFEFF';
}
