namespace BudgetMesh.Contracts.Text;

/// <summary>
/// A stretch of the narrative rewritten for matching: whitespace and line breaks removed, full-width digits,
/// brackets and signs folded to ASCII, thousands separators dropped. Every character keeps the offset of the
/// original character it came from, so anything found here can be pointed at in the verbatim text. The one
/// normaliser of narrative text: every service that reads the narrative (Reconciler, ThreePublicExpenses) uses it,
/// so a span one service reports is the span another would.
/// </summary>
public sealed class NormalizedText
{
    // A slice shares its paragraph's map: the map of a sentence is map[mapStart..mapStart + Text.Length].
    private readonly int[] map;
    private readonly int mapStart;

    private NormalizedText(string text, int[] map, int mapStart)
    {
        Text = text;
        this.map = map;
        this.mapStart = mapStart;
    }

    /// <summary>The normalised text.</summary>
    public string Text { get; }

    /// <summary>The original offset (UTF-16) of normalised character <paramref name="index"/>.</summary>
    public int OriginalIndex(int index) => map[mapStart + index];

    /// <summary>The original span covering normalised characters [start, start+length).</summary>
    public (int Start, int Length) OriginalSpan(int start, int length)
    {
        if (length <= 0 || Text.Length == 0)
        {
            return (start < Text.Length ? OriginalIndex(start) : 0, 0);
        }

        var first = OriginalIndex(start);
        var last = OriginalIndex(start + length - 1);
        return (first, last - first + 1);
    }

    /// <summary>A part of this text, keeping the map.</summary>
    public NormalizedText Slice(int start, int length) => new(Text.Substring(start, length), map, mapStart + start);

    /// <summary>Normalises the given pieces of <paramref name="original"/> (each a [start, end) range), in order.</summary>
    public static NormalizedText Create(string original, IReadOnlyList<(int Start, int End)> pieces)
    {
        var capacity = 0;
        for (var p = 0; p < pieces.Count; p++)
        {
            capacity += pieces[p].End - pieces[p].Start;
        }

        // Folding only drops characters, so the pieces' length bounds the scratch: most paragraphs fit on the stack.
        var folded = capacity <= 256 ? stackalloc char[capacity] : new char[capacity];
        var offsets = capacity <= 256 ? stackalloc int[capacity] : new int[capacity];
        var count = 0;
        for (var p = 0; p < pieces.Count; p++)
        {
            var (start, end) = pieces[p];
            for (var i = start; i < end; i++)
            {
                if (Fold(original[i]) is { } c)
                {
                    folded[count] = c;
                    offsets[count] = i;
                    count++;
                }
            }
        }

        return DropThousandsSeparators(folded[..count], offsets[..count]);
    }

    /// <summary>Normalises <paramref name="length"/> characters of <paramref name="original"/> from <paramref name="start"/>.</summary>
    public static NormalizedText From(string original, int start, int length) => Create(original, [(start, start + length)]);

    /// <summary>Normalises a whole string (for labels and names that have no offsets to keep).</summary>
    public static string Fold(string value) => Create(value, [(0, value.Length)]).Text;

    /// <summary>
    /// Width-folded (NFKC) and without any whitespace, with no other rewriting: the key under which printed titles,
    /// headers and indicator cells are compared (a title matches its 目录 entry whatever its spacing or width).
    /// </summary>
    public static string Canonical(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var folded = text.Normalize(System.Text.NormalizationForm.FormKC);
        var builder = new System.Text.StringBuilder(folded.Length);
        foreach (var c in folded)
        {
            if (!char.IsWhiteSpace(c))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    // Null drops the character: spaces of every width and line breaks carry no meaning inside a sentence, and
    // printed packages put them anywhere, even inside numbers and names ("社\n\n会保障", "2686.\n02").
    private static char? Fold(char c) => c switch
    {
        // Most characters are printable ASCII or CJK ideographs, which stay as they are.
        (> ' ' and < '\u00A0') or (>= '\u4E00' and <= '\u9FFF') => c,
        ' ' or '\t' or '\r' or '\n' or '\u3000' or '\u00A0' or '\u2002' or '\u2003' or '\u2009' or '\u200B' or '\uFEFF' => null,
        >= '０' and <= '９' => (char)(c - '０' + '0'),
        >= 'Ａ' and <= 'Ｚ' => (char)(c - 'Ａ' + 'A'),
        >= 'ａ' and <= 'ｚ' => (char)(c - 'ａ' + 'a'),
        '（' => '(',
        '）' => ')',
        '．' => '.',
        '％' => '%',
        '﹪' => '%',
        '＋' => '+',
        '－' => '-',
        '：' => ':',
        '；' => ';',
        '！' => '!',
        '？' => '?',
        _ => c,
    };

    // "2,132.83" and "2，132.83": a comma between a digit and exactly three digits that end the integer part is a
    // thousands separator. A full-width comma only counts when the number goes on to a decimal point or straight
    // to a unit of money ("29，000元"), because "1，2" in a list is punctuation.
    private static NormalizedText DropThousandsSeparators(ReadOnlySpan<char> text, ReadOnlySpan<int> offsets)
    {
        var keep = text.Length <= 256 ? stackalloc char[text.Length] : new char[text.Length];
        var kept = new int[text.Length];
        var count = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if ((c == ',' || c == '，') && IsGroupSeparator(text, i, requireDecimals: c == '，'))
            {
                continue;
            }

            keep[count] = c;
            kept[count] = offsets[i];
            count++;
        }

        // Usually nothing was dropped: then the map is already the right size.
        return new NormalizedText(new string(keep[..count]), count == kept.Length ? kept : kept[..count], 0);
    }

    private static bool IsGroupSeparator(ReadOnlySpan<char> text, int i, bool requireDecimals)
    {
        if (i == 0 || !char.IsAsciiDigit(text[i - 1]) || i + 3 >= text.Length)
        {
            return false;
        }

        if (!char.IsAsciiDigit(text[i + 1]) || !char.IsAsciiDigit(text[i + 2]) || !char.IsAsciiDigit(text[i + 3]))
        {
            return false;
        }

        var after = i + 4 < text.Length ? text[i + 4] : '\0';
        if (char.IsAsciiDigit(after))
        {
            return false;
        }

        if (after is ',' or '，')
        {
            return IsGroupSeparator(text, i + 4, requireDecimals);
        }

        return !requireDecimals || after is '.' or '元' or '万' or '亿';
    }
}
