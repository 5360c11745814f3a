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
            return RuleResult.NotApplicable(RuleIds.Goal, "没有整体绩效目标表，也没有项目绩效目标表");
        }

        var rule = new RuleFindings(RuleIds.Goal, FindingSeverity.Warning);
        if (input.Overall is { } overall && IsBlank(overall.GoalText))
        {
            rule.Add("整体绩效目标表没有填写当年整体绩效目标", new CellRef(Place.Overall, string.Empty, -1, "goal_text", Label: "整体绩效目标表"));
        }

        foreach (var project in input.Projects.Where(p => IsBlank(p.GoalText)))
        {
            rule.Add($"项目{project.Display}的绩效目标表没有填写年度（整体）目标", new CellRef(Place.Project, project.Key, -1, "goal_text"));
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
