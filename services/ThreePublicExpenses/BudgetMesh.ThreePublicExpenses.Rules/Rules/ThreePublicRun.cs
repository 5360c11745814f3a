using BudgetMesh.Contracts.Report.V1;

namespace BudgetMesh.ThreePublicExpenses.Rules;

/// <summary>How a 三公 rule records its findings: on the one outcome builder of every rule owner.</summary>
internal static class ThreePublicRun
{
    /// <summary>The owner of the 三公 rules in a report.</summary>
    public const string Owner = "three-public";

    /// <summary>A rule that has its inputs: a PASS unless a problem follows.</summary>
    public static RuleRun Start(string ruleId)
    {
        var run = new RuleRun(ruleId, Owner);
        run.Checked();
        return run;
    }

    /// <summary>A rule that could not run (an input is missing): REVIEW with the reason, never a pass.</summary>
    public static RuleResult Review(string ruleId, string note) => RuleRun.ReviewResult(ruleId, Owner, note);

    public static RuleResult NotApplicable(string ruleId, string note) => RuleRun.NotApplicableResult(ruleId, Owner, note);
}

/// <summary>Where a 三公 finding points: an SG cell (column = proto field name, label = 本年/上年), a JB row, a narrative sentence.</summary>
internal static class SgLocations
{
    public static Location SgCell(string column, bool priorYear = false) =>
        Locations.Cell(TableKey.Sg, string.Empty, -1, column, SgFindings.YearLabel(priorYear));

    public static Location JbRow(string code, int rowIndex) => Locations.Cell(TableKey.Jb, code, rowIndex, "total");

    public static Location Sentence(TextSpan span, string label = "") => Locations.Text(span.Start, span.Length, label);
}
