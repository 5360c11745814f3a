using BudgetMesh.Console.Html;

namespace BudgetMesh.Console.Findings;

/// <summary>
/// Ties findings and the places they point at both ways with plain links (the console runs no script): each marked
/// cell or sentence gets an id and links to its findings; each finding's location links to the first place it
/// marked. Tables and the narrative are rendered first, filling this book; the findings list reads it afterwards.
/// </summary>
internal sealed class FindingAnchors
{
    private readonly Dictionary<(string Finding, int Location), List<string>> _places = [];
    private int _next;

    /// <summary>A fresh element id for a place that (finding, location index) pairs point at.</summary>
    public string Add(string prefix, IEnumerable<(string Finding, int Location)> pointers)
    {
        var id = $"{prefix}-{++_next}";
        foreach (var pointer in pointers.Distinct())
        {
            if (!_places.TryGetValue(pointer, out var list))
            {
                _places[pointer] = list = [];
            }

            list.Add(id);
        }

        return id;
    }

    /// <summary>The ids of the places one location of a finding marked, in page order.</summary>
    public IReadOnlyList<string> Of(string finding, int location) => _places.TryGetValue((finding, location), out var list) ? list : [];

    /// <summary>The F-numbers of a place, each a link to its entry in the findings list.</summary>
    public static Markup Links(IEnumerable<NumberedFinding> findings) => Markup.Of($"""
        <span class="refs">{findings.Select(f => Markup.Of($"""<a href="#finding-{f.Id}" class="{ReportView.SeverityClass(f.Finding.Severity)}" aria-label="发现{f.Id}">{f.Id}</a>"""))}</span>
        """);
}
