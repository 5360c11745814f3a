namespace BudgetMesh.PerformanceTargets.Indicators;

/// <summary>The unit a table prints its amounts in.</summary>
internal enum MoneyUnit
{
    Yuan,
    TenThousandYuan,
}

/// <summary>What the 绩效 rules judge, as printed (cells stay text until a rule reads them).</summary>
/// <param name="Projects">The printed XJ tables with content; a table declared empty is no project with targets.</param>
/// <param name="DeclaredEmptyProjects">How many XJ tables were printed declared empty (left out of <paramref name="Projects"/>).</param>
/// <param name="Profile">The region's profile (whether it publishes 项目绩效目标表 at all).</param>
internal sealed record TargetsInput(
    MoneyUnit PackageUnit,
    OverallTargets? Overall,
    IReadOnlyList<ProjectTargets> Projects,
    ProjectList? ProjectList,
    string? ProjectExpenditureTotal,
    string? NarrativeText,
    int DeclaredEmptyProjects = 0,
    Profiles.TargetsProfile? Profile = null)
{
    /// <summary>Whether the region publishes 项目绩效目标表 (the national baseline does).</summary>
    public bool PublishesProjectTables => Profile?.ProjectTargetTables ?? true;
}

/// <summary>ZT 整体绩效目标表.</summary>
internal sealed record OverallTargets(string DepartmentName, MoneyUnit Unit, string? TotalFunds, string GoalText, IReadOnlyList<RawIndicator> Indicators);

/// <summary>One XJ 项目绩效目标表.</summary>
internal sealed record ProjectTargets(
    string Code,
    string Name,
    MoneyUnit Unit,
    string? ExecutionRateWeight,
    string? FundsTotal,
    string? FundsFiscal,
    string GoalText,
    IReadOnlyList<RawIndicator> Indicators)
{
    /// <summary>How findings name the project: its code, or its name when no code is printed.</summary>
    public string Key => string.IsNullOrWhiteSpace(Code) ? Name : Code;

    /// <summary>The project as people read it in a message.</summary>
    public string Display => string.IsNullOrWhiteSpace(Code) ? $"“{Name}”" : $"“{Name}”（{Code}）";
}

/// <summary>One indicator row as printed.</summary>
internal sealed record RawIndicator(string Level1, string Level2, string Level3, string Operator, string TargetValue, string Unit, string? Weight);

/// <summary>XM 项目支出明细表.</summary>
internal sealed record ProjectList(MoneyUnit Unit, IReadOnlyList<ProjectListRow> Rows);

/// <summary>One XM project row.</summary>
internal sealed record ProjectListRow(int RowIndex, string Code, string Name, string? Amount)
{
    public string Display => string.IsNullOrWhiteSpace(Code) ? $"“{Name}”" : $"“{Name}”（{Code}）";
}
