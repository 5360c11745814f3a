using BudgetMesh.Contracts.Report.V1;
using System.Text.RegularExpressions;

namespace BudgetMesh.PerformanceTargets.Rules;

/// <summary>P6: a target text (年度目标/整体目标) for every project and for the overall table.</summary>
internal static partial class GoalRules
{
    /// <summary>P6-GOAL (W).</summary>
    public static RuleResult Goals(Indicators.TargetsInput input)
    {
        if (input.Overall is null && input.Projects.Count == 0)
        {
            return PerformanceRun.NotApplicable(RuleIds.Goal, "没有整体绩效目标表，也没有项目绩效目标表");
        }

        var rule = PerformanceRun.Start(RuleIds.Goal, Severity.Warning);
        if (input.Overall is { } overall && IsBlank(overall.GoalText))
        {
            rule.Fail("整体绩效目标表没有填写当年整体绩效目标", Locations.Cell(TableKey.Zt, string.Empty, -1, "goal_text", label: "整体绩效目标表"));
        }

        foreach (var project in input.Projects.Where(p => IsBlank(p.GoalText)))
        {
            rule.Fail($"项目{project.Display}的绩效目标表没有填写年度（整体）目标", Locations.Cell(TableKey.Xj, string.Empty, -1, "goal_text", project: project.Key));
        }

        return rule.Result();
    }

    /// <summary>Blank once markup (&lt;p&gt;), quotes, punctuation and spaces are gone: "<p></p>" and "“ ”" say nothing.</summary>
    internal static bool IsBlank(string? goal) =>
        string.IsNullOrWhiteSpace(goal) || !Meaningful().IsMatch(Markup().Replace(goal, string.Empty));

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Markup();

    [GeneratedRegex(@"[\p{L}\p{N}]")]
    private static partial Regex Meaningful();
}
