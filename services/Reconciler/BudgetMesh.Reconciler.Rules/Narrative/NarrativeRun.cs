using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.Reconciler.Rules;
using BudgetMesh.Reconciler.Numbers;

namespace BudgetMesh.Reconciler.Narrative;

/// <summary>
/// One package's narrative run: the parsed narrative, its figures, the table facts and one builder per rule. The
/// rule groups (R13…R21 files) read it; the only state they share is <see cref="Contradicted"/>, which R13–R15
/// fill and R16 reads, so the run order in <see cref="NarrativeChecks.Run"/> matters.
/// </summary>
internal sealed class NarrativeRun
{
    public NarrativeRun(BudgetPackage package)
    {
        Package = package;
        Document = NarrativeDocument.Parse(package.Narrative?.Text);
        Facts = new TableFacts(package.Tables);
        Figures = FigureExtractor.Extract(Document, Facts, package.Header?.BudgetYear ?? 0);
        Rules = NarrativeChecks.RuleIds.ToDictionary(id => id, id => new RuleRun(id, Comparisons.Owner));
    }

    public BudgetPackage Package { get; }

    public NarrativeDocument Document { get; }

    public TableFacts Facts { get; }

    public IReadOnlyList<Figure> Figures { get; }

    public Dictionary<string, RuleRun> Rules { get; }

    /// <summary>Figures a table already contradicts (R13–R15): R16 leaves them out, they are reported once.</summary>
    public HashSet<Figure> Contradicted { get; } = [];

    private AmountUnit PackageUnit => Package.Header?.AmountUnit ?? AmountUnit.Unspecified;

    /// <summary>The unit a cell is printed in: its table's, or the package's when the table declares none.</summary>
    public AmountUnit TableUnit(TableCell cell) => cell.Unit == AmountUnit.Unspecified ? PackageUnit : cell.Unit;

    /// <summary>A money figure in <paramref name="unit"/> (万元 when the unit is not declared).</summary>
    public static decimal ToUnit(Figure figure, AmountUnit unit)
    {
        var from = figure.Unit == FigureUnit.Yuan ? AmountUnit.Yuan : AmountUnit.TenThousandYuan;
        return Units.Convert(figure.Value, from, unit == AmountUnit.Unspecified ? AmountUnit.TenThousandYuan : unit);
    }

    /// <summary>A quantity as a message names it: a 款/项 with its printed name ("住房公积金（2210201项）").</summary>
    public string Describe(Quantity quantity)
    {
        if (quantity.Kind != QuantityKind.FunctionClass || quantity.Detail.Length <= 3 || Facts.FunctionRows().NameOf(quantity.Detail) is not { } name)
        {
            return quantity.Describe();
        }

        var described = $"{name}（{quantity.Detail}{Quantity.Level(quantity.Detail)}）";
        return quantity.Basis == Quantity.PriorActual ? described + "上年执行数" : quantity.Basis == Quantity.PriorBudget ? described + "上年预算数" : described;
    }

    /// <summary>Half a unit of the figure's last printed digit, in <paramref name="unit"/> (万元 when undeclared).</summary>
    public static decimal FigureHalf(Figure figure, AmountUnit unit) =>
        Units.Convert(figure.HalfUnit, figure.Unit == FigureUnit.Yuan ? AmountUnit.Yuan : AmountUnit.TenThousandYuan, unit == AmountUnit.Unspecified ? AmountUnit.TenThousandYuan : unit);

    /// <summary>
    /// Narrative figure against a table cell (rules.md "Tolerance and numbers"): half a unit of the coarser printed
    /// digit of the two, in the table's unit — "1,202.95万元" matches a 元 cell within ±50 元, "839万元" within ±5000 元.
    /// </summary>
    public static decimal Tolerance(Figure figure, AmountUnit tableUnit) =>
        Math.Max(Units.NarrativeTolerance(tableUnit), FigureHalf(figure, tableUnit));

    /// <summary>
    /// How far a printed percentage change may sit from (current − prior) / prior when each is known only to its
    /// printed half-unit: the percentage's own half-unit plus the first-order effect of the two roundings — never
    /// less than rules.md's ±0.1 percentage point, since districts compute rates from unrounded ledgers and some
    /// truncate rather than round.
    /// </summary>
    public static decimal PercentEnvelope(decimal percentHalf, decimal prior, decimal current, decimal priorHalf, decimal currentHalf)
    {
        var p = Math.Abs(prior);
        var envelope = p == 0 ? percentHalf : percentHalf + (100m * ((priorHalf / p) + (currentHalf * Math.Abs(current) / (p * p))));
        return Math.Max(MinimumPercentTolerance, envelope);
    }

    /// <summary>rules.md: "Percentages are recomputed and compared within ±0.1 percentage point."</summary>
    public const decimal MinimumPercentTolerance = 0.1m;
}
