using BudgetMesh.Contracts.Report.V1;

namespace BudgetMesh.PerformanceTargets.Rules;

/// <summary>How a 绩效目标 rule records its findings: on the one outcome builder of every rule owner.</summary>
internal static class PerformanceRun
{
    /// <summary>The owner of the 绩效目标 rules in a report.</summary>
    public const string Owner = "performance";

    /// <summary>A rule that has tables to judge: a PASS unless a problem follows; unreadable cells make it a REVIEW.</summary>
    public static RuleRun Start(string ruleId, Severity severity)
    {
        var run = new RuleRun(ruleId, Owner, severity) { ReviewNote = RuleRun.UnreadableNote };
        run.Checked();
        return run;
    }

    public static RuleResult NotApplicable(string ruleId, string note) => RuleRun.NotApplicableResult(ruleId, Owner, note);
}

/// <summary>The stable rule ids, in the order the service reports them.</summary>
internal static class RuleIds
{
    public const string Coverage = "P1-COVERAGE";
    public const string Funds = "P1-FUNDS";
    public const string NarrativeAmount = "P1-NARRATIVE";
    public const string Levels = "P2-LEVELS";
    public const string Categories = "P2-CATEGORIES";
    public const string Value = "P3-VALUE";
    public const string Rate = "P3-RATE";
    public const string ProjectWeights = "P4-PROJECT-WEIGHTS";
    public const string OverallWeights = "P4-OVERALL-WEIGHTS";
    public const string Cost = "P5-COST";
    public const string Goal = "P6-GOAL";

    public static readonly IReadOnlyList<string> All =
        [Coverage, Funds, NarrativeAmount, Levels, Categories, Value, Rate, ProjectWeights, OverallWeights, Cost, Goal];
}
