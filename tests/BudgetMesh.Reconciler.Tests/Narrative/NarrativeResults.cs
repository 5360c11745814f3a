using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.Reconciler.Narrative;

namespace BudgetMesh.Reconciler.Tests.Narrative;

/// <summary>Runs the narrative rules once and answers questions about the results.</summary>
internal sealed class NarrativeResults
{
    private NarrativeResults(BudgetPackage package, IReadOnlyList<RuleResult> results)
    {
        Package = package;
        Results = results;
    }

    public BudgetPackage Package { get; }

    public IReadOnlyList<RuleResult> Results { get; }

    public static NarrativeResults Of(BudgetPackage package) => new(package, NarrativeChecks.Run(package));

    public RuleResult this[string ruleId] => Results.Single(r => r.RuleId == ruleId);

    public IEnumerable<Finding> All => Results.SelectMany(r => r.Findings);

    public IEnumerable<Finding> Errors => All.Where(f => f.Severity == Severity.Error);

    public IEnumerable<Finding> Warnings => All.Where(f => f.Severity == Severity.Warning);

    /// <summary>The text a finding's narrative span points at.</summary>
    public string SpanText(Finding finding)
    {
        var span = finding.Locations.First(l => l.Table == TableKey.Nar).Span;
        return Package.Narrative.Text.Substring(span.Start, span.Length);
    }

    /// <summary>Findings and outcomes in one line each, for assertion messages.</summary>
    public override string ToString() => string.Join(
        Environment.NewLine,
        Results.Select(r => $"{r.RuleId} {r.Outcome}: " + string.Join(" | ", r.Findings.Select(f => $"{f.Severity} {f.Message}"))));
}
