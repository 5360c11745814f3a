using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.Reconciler.Rules;

namespace BudgetMesh.Reconciler.Tests.Rules;

internal static class RuleAssertions
{
    public static RuleResult Run(string ruleId, BudgetPackage package) =>
        ReconcilerRules.All.Single(r => r.Id == ruleId).Run(package);

    /// <summary>The seed itself does not fail the rule; the changed seed does, at the given place.</summary>
    public static Finding FailsAfter(string seed, string ruleId, Action<BudgetPackage> change, Severity severity, TableKey table, string rowCode = "", string column = "")
    {
        var before = Run(ruleId, Seeds.Load(seed));
        Assert.NotEqual(Outcome.Fail, before.Outcome);

        var package = Seeds.Load(seed);
        change(package);
        var after = Run(ruleId, package);
        Assert.Equal(Outcome.Fail, after.Outcome);
        var finding = after.Findings.FirstOrDefault(f => f.Severity == severity
            && f.Locations.Any(l => l.Table == table && (rowCode.Length == 0 || l.RowCode == rowCode) && (column.Length == 0 || l.Column == column)));
        Assert.True(finding is not null, $"{ruleId}: no {severity} finding at {table}/{rowCode}/{column}; found: {string.Join(" | ", after.Findings.Select(f => f.Message))}");
        Assert.Equal(ruleId, finding.RuleId);
        Assert.NotEmpty(finding.Message);
        return finding;
    }
}
