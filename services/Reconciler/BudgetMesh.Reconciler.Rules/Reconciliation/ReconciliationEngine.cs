using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.Reconciler.Narrative;
using BudgetMesh.Reconciler.Rules;
using Google.Protobuf.WellKnownTypes;

namespace BudgetMesh.Reconciler.Reconciliation;

/// <summary>
/// What a report is about (everything but the rule results). A check that stores nothing has no report id and no
/// submission: both stay empty in the report.
/// </summary>
internal sealed record ReportSubject(Guid? ReportId, Guid? SubmissionId, int Revision, string ContentHash, string ClassificationCatalogVersion, DateTimeOffset CreatedAt)
{
    /// <summary>The subject of a check without a submission.</summary>
    public static ReportSubject Unsubmitted(DateTimeOffset createdAt) => new(null, null, 0, string.Empty, string.Empty, createdAt);
}

/// <summary>
/// Runs the reconciler's own rules (tables and narrative) on a package and assembles one report with the
/// rule services' results, in catalog order. Pure: no I/O, time comes in through <see cref="ReportSubject"/>.
/// </summary>
internal sealed class ReconciliationEngine(RuleCatalog.RuleCatalog catalog)
{
    public RuleCatalog.RuleCatalog Catalog { get; } = catalog;

    /// <summary>The ids of every rule this engine runs in-process.</summary>
    public static IReadOnlyList<string> InProcessRuleIds { get; } = [.. ReconcilerRules.All.Select(r => r.Id), .. NarrativeChecks.RuleIds];

    /// <summary>The reconciler's own results: table rules, then the narrative's.</summary>
    public static IReadOnlyList<RuleResult> RunInProcess(BudgetPackage package)
    {
        // Every rule reads the same tables: parse and walk them once for the whole run.
        using var memo = PackageMemo.Begin();
        var results = new List<RuleResult>(InProcessRuleIds.Count);
        results.AddRange(ReconcilerRules.All.Select(rule => rule.Run(package)));
        foreach (var result in NarrativeChecks.Run(package))
        {
            if (result.Owner.Length == 0)
            {
                result.Owner = Comparisons.Owner;
            }

            results.Add(result);
        }

        return results;
    }

    /// <summary>One report from the in-process results and the services' results, in catalog order, with its counts.</summary>
    public Report Compose(ReportSubject subject, IEnumerable<RuleResult> results)
    {
        var ordered = results
            .Select((result, index) => (result, index))
            .OrderBy(x => Catalog.OrderOf(x.result.RuleId))
            .ThenBy(x => x.index)
            .Select(x => x.result)
            .ToList();
        var report = new Report
        {
            ReportId = subject.ReportId?.ToString() ?? string.Empty,
            SubmissionId = subject.SubmissionId?.ToString() ?? string.Empty,
            Revision = subject.Revision,
            ContentHash = subject.ContentHash,
            RuleCatalogVersion = Catalog.Version,
            ClassificationCatalogVersion = subject.ClassificationCatalogVersion,
            Summary = Summarize(ordered),
            CreatedAt = Timestamp.FromDateTimeOffset(subject.CreatedAt),
        };
        report.Results.AddRange(ordered);
        return report;
    }

    public static ReportSummary Summarize(IReadOnlyCollection<RuleResult> results)
    {
        var findings = results.SelectMany(r => r.Findings).ToList();
        return new ReportSummary
        {
            Errors = findings.Count(f => f.Severity == Severity.Error),
            Warnings = findings.Count(f => f.Severity == Severity.Warning),
            Infos = findings.Count(f => f.Severity == Severity.Info),
            Reviews = results.Count(r => r.Outcome == Outcome.Review),
            Rules = results.Count,
        };
    }
}
