using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.PerformanceTargets.Indicators;

namespace BudgetMesh.PerformanceTargets.Rules;

/// <summary>An indicator table (ZT or one XJ) with its rows normalised once for every rule.</summary>
internal sealed record JudgedTable(TableKey Table, string Project, string Title, IReadOnlyList<NormalisedIndicator> Indicators, ProjectTargets? ProjectTable)
{
    public Location Cell(int rowIndex, string column) => Locations.Cell(Table, string.Empty, rowIndex, column, Table == TableKey.Zt ? "整体绩效目标表" : string.Empty, Project);

    public Location Whole(string column) => Cell(-1, column);

    /// <summary>Whether the table prints 一级 or 二级 at all (flat tables print neither).</summary>
    public bool HasLevels => Indicators.Any(i => i.Level1State != LevelState.NotPrinted || i.Level2State != LevelState.NotPrinted);

    public static IReadOnlyList<JudgedTable> From(TargetsInput input)
    {
        var tables = new List<JudgedTable>();
        if (input.Overall is { } overall)
        {
            tables.Add(new JudgedTable(TableKey.Zt, string.Empty, "整体绩效目标表", IndicatorNormaliser.Normalise(overall.Indicators), null));
        }

        foreach (var project in input.Projects)
        {
            tables.Add(new JudgedTable(TableKey.Xj, project.Key, $"项目{project.Display}", IndicatorNormaliser.Normalise(project.Indicators), project));
        }

        return tables;
    }
}
