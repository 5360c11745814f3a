using BudgetMesh.Console.Submissions;
using BudgetMesh.Contracts.Report.V1;

namespace BudgetMesh.Console.Findings;

/// <summary>A finding with the id the page uses to tie its list entry to its highlighted cells and sentences.</summary>
internal sealed record NumberedFinding(string Id, RuleResult Rule, Finding Finding);

/// <summary>The report arranged the way an operator reads it: by severity, then rule; then what did not fail.</summary>
internal sealed class ReportView
{
    public ReportView(Report report)
    {
        Report = report;
        var n = 0;
        Findings = [.. report.Results.SelectMany(r => r.Findings.Select(f => new NumberedFinding($"F{++n}", r, f)))];
    }

    public Report Report { get; }

    public IReadOnlyList<NumberedFinding> Findings { get; }

    public IEnumerable<(Severity Severity, IReadOnlyList<IGrouping<string, NumberedFinding>> Rules)> BySeverity() =>
        new[] { Severity.Error, Severity.Warning, Severity.Info }
            .Select(s => (s, (IReadOnlyList<IGrouping<string, NumberedFinding>>)[.. Findings.Where(f => Normalize(f.Finding.Severity) == s).GroupBy(f => f.Rule.RuleId)]))
            .Where(g => g.Item2.Count > 0);

    public IEnumerable<RuleResult> WithOutcome(Outcome outcome) => Report.Results.Where(r => r.Outcome == outcome);

    public static Severity Normalize(Severity severity) => severity == Severity.Unspecified ? Severity.Info : severity;

    public static string SeverityLabel(Severity severity) => Normalize(severity) switch
    {
        Severity.Error => "错误",
        Severity.Warning => "警告",
        _ => "提示",
    };

    public static string SeverityClass(Severity severity) => Normalize(severity) switch
    {
        Severity.Error => "sev-error",
        Severity.Warning => "sev-warning",
        _ => "sev-info",
    };
}
