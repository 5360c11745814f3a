namespace BudgetMesh.PerformanceTargets.Rules;

internal enum RuleOutcome
{
    Pass,
    Fail,
    NotApplicable,
    Review,
}

internal enum FindingSeverity
{
    Error,
    Warning,
    Info,
}

/// <summary>The place a finding points at: a table of the package or the narrative.</summary>
internal enum Place
{
    /// <summary>ZT 整体绩效目标表.</summary>
    Overall,

    /// <summary>XJ 项目绩效目标表.</summary>
    Project,

    /// <summary>XM 项目支出明细表.</summary>
    ProjectList,

    /// <summary>GF, for its project-expenditure total.</summary>
    FunctionExpenditure,

    /// <summary>情况说明.</summary>
    Narrative,
}

/// <summary>One cell, row, table or sentence. RowIndex -1 = the table as a whole (or its total row).</summary>
internal sealed record CellRef(Place Place, string Project, int RowIndex, string Column, string RowCode = "", string Label = "", int SpanStart = 0, int SpanLength = 0);

internal sealed record RuleFinding(
    string RuleId,
    FindingSeverity Severity,
    string Message,
    IReadOnlyList<CellRef> Locations,
    string Expected = "",
    string Actual = "",
    string Difference = "",
    string Tolerance = "",
    string Unit = "")
{
    /// <summary>A cell the rule could not read: it makes the outcome REVIEW unless a real problem was found too.</summary>
    public bool Unreadable { get; init; }
}

internal sealed record RuleResult(string RuleId, RuleOutcome Outcome, IReadOnlyList<RuleFinding> Findings, string Note)
{
    public static RuleResult NotApplicable(string ruleId, string note) => new(ruleId, RuleOutcome.NotApplicable, [], note);
}

/// <summary>Collects one rule's findings and derives its outcome, so every rule decides outcomes the same way.</summary>
internal sealed class RuleFindings(string ruleId, FindingSeverity severity)
{
    private readonly List<RuleFinding> _findings = [];
    private readonly List<string> _notes = [];

    public void Add(string message, CellRef location, string expected = "", string actual = "", string difference = "", string tolerance = "", string unit = "") =>
        _findings.Add(new RuleFinding(ruleId, severity, message, [location], expected, actual, difference, tolerance, unit));

    public void Add(string message, IReadOnlyList<CellRef> locations, string expected = "", string actual = "", string difference = "", string tolerance = "", string unit = "") =>
        _findings.Add(new RuleFinding(ruleId, severity, message, locations, expected, actual, difference, tolerance, unit));

    public void Info(string message, IReadOnlyList<CellRef> locations, string expected, string actual, string difference, string tolerance, string unit) =>
        _findings.Add(new RuleFinding(ruleId, FindingSeverity.Info, message, locations, expected, actual, difference, tolerance, unit));

    /// <summary>A cell that does not parse: never read as 0, reported by name.</summary>
    public void Unreadable(string message, CellRef location) =>
        _findings.Add(new RuleFinding(ruleId, FindingSeverity.Warning, message, [location]) { Unreadable = true });

    /// <summary>Why part of the input was not judged (a flat table, a table without weights).</summary>
    public void Note(string note) => _notes.Add(note);

    public RuleResult Result()
    {
        var note = string.Join("；", _notes);
        if (_findings.Any(f => !f.Unreadable && f.Severity != FindingSeverity.Info))
        {
            return new RuleResult(ruleId, RuleOutcome.Fail, _findings, note);
        }

        return _findings.Any(f => f.Unreadable)
            ? new RuleResult(ruleId, RuleOutcome.Review, _findings, string.Join("；", _notes.Prepend("有单元格无法读取，需人工核对（见发现项）")))
            : new RuleResult(ruleId, RuleOutcome.Pass, _findings, note);
    }
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
