namespace BudgetMesh.PerformanceTargets.Indicators;

/// <summary>What a printed level cell says once merged cells and spellings are resolved.</summary>
internal enum LevelState
{
    /// <summary>The table prints no such level at all (a flat table).</summary>
    NotPrinted,

    /// <summary>Blank, and nothing above to continue (the group has no such level).</summary>
    Missing,

    /// <summary>A name outside the tree of rules.md P2.</summary>
    Unknown,

    /// <summary>A name of the tree.</summary>
    Known,
}

/// <summary>One indicator row after normalisation; <see cref="Raw"/> keeps the printed cells for messages.</summary>
internal sealed record NormalisedIndicator(
    int RowIndex,
    RawIndicator Raw,
    LevelState Level1State,
    Level1? Level1,
    string Level1Text,
    bool Level1PrintedHere,
    LevelState Level2State,
    string? Level2,
    Level1? Level2Parent,
    string Level2Text,
    bool Level2PrintedHere,
    IndicatorOperator Operator,
    string Value,
    decimal? Number,
    string Unit)
{
    /// <summary>The indicator's name (三级指标) as printed.</summary>
    public string Name => Raw.Level3.Trim();

    public string Describe() => $"“{Name}”（{Raw.Operator.Trim()} {Raw.TargetValue.Trim()} {Raw.Unit.Trim()}）".Replace(" ）", "）", StringComparison.Ordinal);
}
