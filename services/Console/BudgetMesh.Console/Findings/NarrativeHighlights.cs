using BudgetMesh.Console.Html;
using BudgetMesh.Contracts.Report.V1;

namespace BudgetMesh.Console.Findings;

/// <summary>
/// Renders the narrative verbatim (encoded) with every finding's sentence marked. Spans are UTF-16 code units
/// of the text, exactly what a C# string indexes; overlapping spans are split at every boundary so each piece
/// carries all findings that cover it.
/// </summary>
internal static class NarrativeHighlights
{
    public static Markup Render(string text, IReadOnlyList<NumberedFinding> findings)
    {
        var spans = findings
            .SelectMany(f => f.Finding.Locations
                .Where(l => l.Table == TableKey.Nar && l.Span is { Length: > 0 })
                .Select(l => (Start: Math.Clamp(l.Span.Start, 0, text.Length), End: Math.Clamp(l.Span.Start + l.Span.Length, 0, text.Length), Finding: f)))
            .Where(s => s.End > s.Start)
            .ToList();
        var cuts = spans.SelectMany(s => new[] { s.Start, s.End }).Append(0).Append(text.Length).Distinct().Order().ToList();
        var parts = new List<Markup>();
        for (var i = 0; i + 1 < cuts.Count; i++)
        {
            var (start, end) = (cuts[i], cuts[i + 1]);
            var piece = text[start..end];
            var covering = spans.Where(s => s.Start <= start && s.End >= end).Select(s => s.Finding).Distinct().ToList();
            if (covering.Count == 0)
            {
                parts.Add(Markup.Of($"{piece}"));
                continue;
            }

            var worst = covering.Min(f => ReportView.Normalize(f.Finding.Severity));
            var ids = string.Join(' ', covering.Select(f => f.Id));
            var title = string.Join("\n", covering.Select(f => $"{f.Id} {f.Rule.RuleId}：{f.Finding.Message}"));
            parts.Add(Markup.Of($"""<mark class="{ReportView.SeverityClass(worst)}" data-findings="{ids}" data-span-start="{start}" data-span-end="{end}" title="{title}">{piece}</mark>"""));
        }

        return Markup.Join(parts);
    }
}
