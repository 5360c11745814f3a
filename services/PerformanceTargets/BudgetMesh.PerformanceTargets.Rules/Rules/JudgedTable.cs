using BudgetMesh.PerformanceTargets.Indicators;

namespace BudgetMesh.PerformanceTargets.Rules;

/// <summary>An indicator table (ZT or one XJ) with its rows normalised once for every rule.</summary>
internal sealed record JudgedTable(Place Place, string Project, string Title, IReadOnlyList<NormalisedIndicator> Indicators, ProjectTargets? ProjectTable)
{
    public CellRef Cell(int rowIndex, string column) => new(Place, Project, rowIndex, column, Label: Place == Place.Overall ? "整体绩效目标表" : string.Empty);

    public CellRef Whole(string column) => Cell(-1, column);

    /// <summary>Whether the table prints 一级 or 二级 at all (flat tables print neither).</summary>
    public bool HasLevels => Indicators.Any(i => i.Level1State != LevelState.NotPrinted || i.Level2State != LevelState.NotPrinted);

    public static IReadOnlyList<JudgedTable> From(TargetsInput input)
    {
        var tables = new List<JudgedTable>();
        if (input.Overall is { } overall)
        {
            tables.Add(new JudgedTable(Place.Overall, string.Empty, "整体绩效目标表", IndicatorNormaliser.Normalise(overall.Indicators), null));
        }

        foreach (var project in input.Projects)
        {
            tables.Add(new JudgedTable(Place.Project, project.Key, $"项目{project.Display}", IndicatorNormaliser.Normalise(project.Indicators), project));
        }

        return tables;
    }
}
