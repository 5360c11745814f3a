using BudgetMesh.Contracts.Text;
using BudgetMesh.ThreePublicExpenses.Rules;

namespace BudgetMesh.ThreePublicExpenses.Narrative;

/// <summary>Spans of the shared <see cref="NormalizedText"/> as this service's findings name them.</summary>
internal static class OriginalSpans
{
    /// <summary>The span of the normalised range [start, end) in the whole original text (clamped to the text).</summary>
    public static TextSpan Of(NormalizedText text, int start, int end)
    {
        var length = text.Text.Length;
        if (length == 0)
        {
            return new TextSpan(0, 0);
        }

        start = Math.Clamp(start, 0, length - 1);
        end = Math.Clamp(end, start + 1, length);
        var (from, count) = text.OriginalSpan(start, end - start);
        return new TextSpan(from, count);
    }
}
