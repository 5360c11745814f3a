using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.Reconciler.Numbers;

namespace BudgetMesh.Reconciler.Narrative;

/// <summary>
/// The narrative (情况说明) rules of rules.md: R13–R16, R19 and the narrative halves of R18, R20, R21. Pure: the
/// package in, one result per rule out, in <see cref="RuleIds"/> order. Each rule group lives in the file named
/// with its rule id (R13FigureBinding.cs …); this class only runs them in order and assembles the results.
/// </summary>
internal static class NarrativeChecks
{
    public const string IncomeTotal = "R13-INCOME-TOTAL";
    public const string ExpenditureTotal = "R13-EXPENDITURE-TOTAL";
    public const string FunctionClass = "R13-FUNCTION-CLASS";
    public const string BasicProject = "R13-BASIC-PROJECT";
    public const string Procurement = "R13-PROCUREMENT";
    public const string UnboundFigure = "R13-UNBOUND-FIGURE";
    public const string YoyAmount = "R14-YOY-AMOUNT";
    public const string YoyPercent = "R14-YOY-PERCENT";
    public const string YoyDirection = "R14-YOY-DIRECTION";
    public const string YoyZeroBase = "R14-YOY-ZERO-BASE";
    public const string AgencyOperating = "R15-AGENCY-OPERATING";
    public const string ConsistentFigures = "R16-CONSISTENT-FIGURES";
    public const string Shares = "R16-SHARES";
    public const string EmptyTable = "R18-NARRATIVE-EMPTY-TABLE";
    public const string Sections = "R19-SECTIONS";
    public const string TextResidue = "R20-TEXT-RESIDUE";
    public const string Years = "R21-NARRATIVE-YEARS";

    /// <summary>Every rule id this class returns, in result order.</summary>
    public static IReadOnlyList<string> RuleIds { get; } =
    [
        IncomeTotal, ExpenditureTotal, FunctionClass, BasicProject, Procurement, UnboundFigure,
        YoyAmount, YoyPercent, YoyDirection, YoyZeroBase,
        AgencyOperating, ConsistentFigures, Shares, EmptyTable, Sections, TextResidue, Years,
    ];

    /// <summary>Runs every narrative rule on a package.</summary>
    public static IReadOnlyList<RuleResult> Run(BudgetPackage package)
    {
        ArgumentNullException.ThrowIfNull(package);
        var run = new NarrativeRun(package);
        if (string.IsNullOrWhiteSpace(run.Document.Original))
        {
            run.Rules[Sections].Fail(new Finding
            {
                Severity = Severity.Warning,
                Message = "未提供情况说明，无法核对说明部分",
                Locations = { new Location { Table = TableKey.Nar, RowIndex = -1 } },
            });
            return RuleIds.Select(id => run.Rules[id].Result("未提供情况说明")).ToList();
        }

        // R16 reads what R13–R15 found contradicted: keep this order.
        R13FigureBinding.CheckBound(run);
        R13FigureBinding.CheckUnbound(run);
        R14YearOnYear.Check(run);
        R15AgencyOperating.Check(run);
        R16Consistency.CheckConsistency(run);
        R16Consistency.CheckShares(run);
        R18NarrativeEmptyTable.Check(run);
        R19Sections.Check(run);
        R20TextResidue.Check(run);
        R21NarrativeYears.Check(run);

        return RuleIds.Select(id => run.Rules[id].Result(NotApplicable(id))).ToList();
    }

    private static string NotApplicable(string id) => id switch
    {
        IncomeTotal => "情况说明未列收入数",
        ExpenditureTotal => "情况说明未列支出总数",
        FunctionClass => "情况说明未按功能分类列支出",
        BasicProject => "情况说明未列基本支出、项目支出",
        Procurement => "情况说明未列政府采购数",
        YoyAmount or YoyDirection => "情况说明无可复核的同比增减表述",
        YoyPercent => "情况说明无可复核的同比增减百分比",
        YoyZeroBase => "情况说明无以零为基数的增长率",
        AgencyOperating => "情况说明未列机关运行经费",
        ConsistentFigures => "情况说明未重复表述同一数字",
        Shares => "情况说明未列占比",
        EmptyTable => "情况说明未称无政府性基金或国有资本经营预算",
        Years => "封面未填预算年度",
        _ => "不适用",
    };
}
