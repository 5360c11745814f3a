using System.Diagnostics.Metrics;
using BudgetMesh.Contracts.Report.V1;

namespace BudgetMesh.Reconciler.Reconciliation;

/// <summary>The Reconciler's own instruments: how long a reconciliation takes and what it finds, by rule and severity.</summary>
internal sealed class ReconcilerMetrics
{
    public const string MeterName = "BudgetMesh.Reconciler";

    private readonly Histogram<double> _duration;
    private readonly Counter<long> _findings;

    public ReconcilerMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _duration = meter.CreateHistogram<double>("budgetmesh.reconciliation.duration", "s", "From taking a submitted revision to its stored report: fetch, the rule services, the report's commit.");
        _findings = meter.CreateCounter<long>("budgetmesh.findings", "{finding}", "Findings of stored reports, by rule and severity.");
    }

    /// <summary>Records one stored report: its latency and each of its findings.</summary>
    public void Reconciled(Report report, TimeSpan elapsed)
    {
        _duration.Record(elapsed.TotalSeconds);
        foreach (var group in report.Results.SelectMany(r => r.Findings).GroupBy(f => (f.RuleId, f.Severity)))
        {
            _findings.Add(group.Count(), new("budgetmesh.rule_id", group.Key.RuleId), new("budgetmesh.severity", group.Key.Severity.ToString()));
        }
    }
}
