using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.PerformanceTargets.Indicators;
using BudgetMesh.PerformanceTargets.Rules;

namespace BudgetMesh.PerformanceTargets.Tests;

/// <summary>Runs the checker and picks one rule's result.</summary>
internal static class Check
{
    public static RuleResult Rule(TargetsInput input, string ruleId) =>
        TargetsChecker.Check(input).Single(r => r.RuleId == ruleId);

    public static IReadOnlyList<Finding> Problems(this RuleResult result) =>
        result.Outcome == Outcome.Fail ? [.. result.Findings.Where(f => f.Severity != Severity.Info)] : [];
}
