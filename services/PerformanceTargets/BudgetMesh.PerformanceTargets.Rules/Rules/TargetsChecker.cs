using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.PerformanceTargets.Indicators;

namespace BudgetMesh.PerformanceTargets.Rules;

/// <summary>Runs P1–P6 on one package's targets; one result per rule id, in <see cref="RuleIds.All"/> order.</summary>
internal static class TargetsChecker
{
    public static IReadOnlyList<RuleResult> Check(TargetsInput input)
    {
        var tables = JudgedTable.From(input);
        return
        [
            CoverageRules.Coverage(input),
            CoverageRules.Funds(input),
            CoverageRules.NarrativeAmount(input),
            TreeRules.Levels(tables),
            TreeRules.Categories(tables),
            ValueRules.Values(tables),
            ValueRules.Rates(tables),
            WeightRules.ProjectWeights(tables),
            WeightRules.OverallWeights(tables),
            CostRules.Cost(tables, input),
            GoalRules.Goals(input),
        ];
    }
}
