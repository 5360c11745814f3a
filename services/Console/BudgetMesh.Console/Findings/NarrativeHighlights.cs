using BudgetMesh.Console.Html;
using BudgetMesh.Contracts.Report.V1;

namespace BudgetMesh.Console.Findings;

/// <summary>
/// Renders the narrative verbatim (encoded) with every finding's sentence marked. Spans are UTF-16 code units
/// of the text, exactly what a C# string indexes; overlapping spans are split at every boundary so each piece
/// carries all findings that cover it. Where a span ends, its F-numbers follow as links to the findings list.
/// </summary>
internal static class NarrativeHighlights
{
    public static Markup Render(string text, IReadOnlyList<NumberedFinding> findings, FindingAnchors? anchors = null)
    {
        anchors ??= new FindingAnchors();
        var spans = findings
            .SelectMany(f => f.Finding.Locations
                .Select((l, index) => (Location: l, Index: index))
                .Where(x => x.Location.Table == TableKey.Nar && x.Location.Span is { Length: > 0 })
                .Select(x => (
                    Start: Math.Clamp(x.Location.Span.Start, 0, text.Length),
                    End: Math.Clamp(x.Location.Span.Start + x.Location.Span.Length, 0, text.Length),
                    Finding: f,
                    x.Index)))
            .Where(s => s.End > s.Start)
            .ToList();
        var cuts = spans.SelectMany(s => new[] { s.Start, s.End }).Append(0).Append(text.Length).Distinct().Order().ToList();
        var parts = new List<Markup>();
        var anchored = new HashSet<(string, int)>();
        for (var i = 0; i + 1 < cuts.Count; i++)
        {
            var (start, end) = (cuts[i], cuts[i + 1]);
            var piece = text[start..end];
            var covering = spans.Where(s => s.Start <= start && s.End >= end).ToList();
            if (covering.Count == 0)
            {
                parts.Add(Markup.Of($"{piece}"));
                continue;
            }

            var findingsHere = covering.Select(s => s.Finding).Distinct().ToList();
            var worst = findingsHere.Min(f => ReportView.Normalize(f.Finding.Severity));
            var ids = string.Join(' ', findingsHere.Select(f => f.Id));
            var title = string.Join("\n", findingsHere.Select(f => $"{f.Id} {RuleNames.Code(f.Rule.RuleId)}：{f.Finding.Message}"));
            var first = covering.Where(s => anchored.Add((s.Finding.Id, s.Index))).Select(s => (s.Finding.Id, s.Index)).ToList();
            var id = anchors.Add("n", first);
            var ending = covering.Where(s => s.End == end).Select(s => s.Finding).Distinct().ToList();
            var refs = ending.Count == 0 ? Markup.Empty : FindingAnchors.Links(ending);
            parts.Add(Markup.Of($"""<mark id="{id}" class="{ReportView.SeverityClass(worst)}" data-findings="{ids}" data-span-start="{start}" data-span-end="{end}" title="{title}">{piece}</mark>{refs}"""));
        }

        return Markup.Join(parts);
    }
}
