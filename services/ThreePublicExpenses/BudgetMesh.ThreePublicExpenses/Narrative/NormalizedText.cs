using System.Text;
using BudgetMesh.ThreePublicExpenses.Rules;

namespace BudgetMesh.ThreePublicExpenses.Narrative;

/// <summary>
/// A piece of the narrative with what gets in the way of reading numbers removed — whitespace and line
/// breaks (also inside numbers), zero-width characters, thousands separators — and full-width digits made
/// ASCII, keeping for every character where it came from so findings can name the original span.
/// </summary>
internal sealed class NormalizedText
{
    private readonly int[] _origin;

    private NormalizedText(string text, int[] origin)
    {
        Text = text;
        _origin = origin;
    }

    public string Text { get; }

    public static NormalizedText From(string original, int start, int length)
    {
        var chars = new List<char>(length);
        var origin = new List<int>(length);
        for (var i = start; i < start + length; i++)
        {
            var c = original[i];
            if (char.IsWhiteSpace(c) || char.IsControl(c) || c is '\u200B' or '\u200C' or '\u200D' or '\uFEFF')
            {
                continue;
            }

            chars.Add(c switch
            {
                >= '０' and <= '９' => (char)('0' + (c - '０')),
                '．' => '.',
                '％' => '%',
                _ => c,
            });
            origin.Add(i);
        }

        var text = new StringBuilder(chars.Count);
        var kept = new List<int>(chars.Count);
        for (var j = 0; j < chars.Count; j++)
        {
            if (IsThousandsSeparator(chars, j))
            {
                continue;
            }

            text.Append(chars[j]);
            kept.Add(origin[j]);
        }

        return new NormalizedText(text.ToString(), [.. kept]);
    }

    /// <summary>The span of the normalized range [start, end) in the whole original text.</summary>
    public TextSpan OriginalSpan(int start, int end)
    {
        if (_origin.Length == 0)
        {
            return new TextSpan(0, 0);
        }

        start = Math.Clamp(start, 0, _origin.Length - 1);
        end = Math.Clamp(end, start + 1, _origin.Length);
        var from = _origin[start];
        return new TextSpan(from, _origin[end - 1] + 1 - from);
    }

    // "1,234.50" and "1，234.50": a comma between a digit and exactly three digits not followed by another digit.
    private static bool IsThousandsSeparator(List<char> chars, int j)
    {
        if (chars[j] is not (',' or '，' or '\'') || j == 0 || !char.IsAsciiDigit(chars[j - 1]))
        {
            return false;
        }

        for (var k = 1; k <= 3; k++)
        {
            if (j + k >= chars.Count || !char.IsAsciiDigit(chars[j + k]))
            {
                return false;
            }
        }

        return j + 4 >= chars.Count || !char.IsAsciiDigit(chars[j + 4]);
    }
}
