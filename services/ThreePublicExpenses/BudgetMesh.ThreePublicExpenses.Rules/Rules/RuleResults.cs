namespace BudgetMesh.ThreePublicExpenses.Rules;

internal enum Outcome
{
    Pass,
    Fail,
    NotApplicable,
    Review,
}

internal enum Severity
{
    Error,
    Warning,
    Info,
}

/// <summary>The places a 三公 finding can point at.</summary>
internal enum Place
{
    /// <summary>一般公共预算“三公”经费支出表.</summary>
    Sg,

    /// <summary>基本支出预算表（部门经济分类）.</summary>
    Jb,

    /// <summary>The narrative (情况说明).</summary>
    Narrative,
}

/// <summary>A span of the narrative in UTF-16 code units.</summary>
internal readonly record struct TextSpan(int Start, int Length)
{
    public int End => Start + Length;
}

/// <summary>
/// Where a finding points: an SG cell (column = proto field name, label = 本年/上年), a JB row, or a
/// narrative sentence.
/// </summary>
internal sealed record FindingLocation(Place Place, string Column = "", string RowCode = "", int RowIndex = -1, TextSpan? Span = null, string Label = "")
{
    public static FindingLocation SgCell(string column, bool priorYear = false) =>
        new(Place.Sg, Column: column, Label: priorYear ? "上年预算数" : "本年预算数");

    public static FindingLocation JbRow(string code, int rowIndex) => new(Place.Jb, Column: "total", RowCode: code, RowIndex: rowIndex);

    public static FindingLocation Sentence(TextSpan span, string label = "") => new(Place.Narrative, Span: span, Label: label);
}

/// <summary>One problem; <see cref="IsReview"/> marks an input the rule could not read (outcome REVIEW).</summary>
internal sealed record Finding(
    string RuleId,
    Severity Severity,
    string Message,
    IReadOnlyList<FindingLocation> Locations,
    string Expected = "",
    string Actual = "",
    string Difference = "",
    string Tolerance = "",
    string Unit = "",
    bool IsReview = false);

internal sealed record RuleResult(string RuleId, Outcome Outcome, IReadOnlyList<Finding> Findings, string Note = "")
{
    /// <summary>
    /// The outcome the findings imply: an error or warning fails the rule, an unreadable input it could not
    /// get past makes it a review, info notes alone still pass.
    /// </summary>
    public static RuleResult From(string ruleId, IReadOnlyList<Finding> findings, bool needsReview, string note = "")
    {
        var outcome = findings.Any(f => f.Severity is Severity.Error or Severity.Warning && !f.IsReview)
            ? Outcome.Fail
            : needsReview || findings.Any(f => f.IsReview) ? Outcome.Review : Outcome.Pass;
        return new RuleResult(ruleId, outcome, findings, note);
    }

    public static RuleResult Review(string ruleId, string note, params Finding[] findings) => new(ruleId, Outcome.Review, findings, note);

    public static RuleResult NotApplicable(string ruleId, string note) => new(ruleId, Outcome.NotApplicable, [], note);
}
