using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Report.V1;

namespace BudgetMesh.Reconciler.Rules;

/// <summary>One of the reconciler's own table rules: a stable id, its severity and a pure body.</summary>
internal sealed record ReconcilerRule(string Id, Severity Severity, Action<BudgetPackage, RuleRun> Body)
{
    public RuleResult Run(BudgetPackage package)
    {
        var run = Comparisons.Start(Id, Severity);
        Body(package, run);
        return run.Result();
    }
}

/// <summary>Every table rule of the reconciler (R1–R12, R17, R18, R20–R22), in rules.md order.</summary>
internal static class ReconcilerRules
{
    public static IReadOnlyList<ReconcilerRule> All { get; } =
    [
        new("R1-CZ-BALANCE", Severity.Error, WithinTableRules.CzBalance),
        new("R1-CZ-FUNDS", Severity.Error, WithinTableRules.CzFunds),
        new("R1-CZ-SUBTOTALS", Severity.Error, WithinTableRules.CzSubtotals),
        new("R2-ROW-SPLIT", Severity.Error, WithinTableRules.RowSplit),
        new("R2-TOTALS", Severity.Error, WithinTableRules.FunctionTotals),
        new("R3-JB-SPLIT", Severity.Error, WithinTableRules.BasicSplit),
        new("R5-HIERARCHY", Severity.Error, WithinTableRules.Hierarchy),
        new("R5-DUPLICATE-CODE", Severity.Warning, WithinTableRules.DuplicateCodes),
        new("R6-SZ-BALANCE", Severity.Error, WithinTableRules.SzBalance),
        new("R6-SR-SOURCES", Severity.Error, WithinTableRules.SrSources),
        new("R7-CZ-GF", Severity.Error, CrossTableRules.CzAgainstGf),
        new("R8-BASIC", Severity.Error, CrossTableRules.BasicTotals),
        new("R8-PROJECT", Severity.Error, CrossTableRules.ProjectTotals),
        new("R9-SZ-SR", Severity.Error, CrossTableRules.SzAgainstSr),
        new("R9-SZ-ZC", Severity.Error, CrossTableRules.SzAgainstZc),
        new("R9-FISCAL-SCOPE", Severity.Error, CrossTableRules.FiscalScope),
        new("R10-JJ-CZ", Severity.Error, CrossTableRules.JjAgainstCz),
        new("R10-GZ-CZ", Severity.Error, CrossTableRules.GzAgainstCz),
        new("R11-XM-TOTAL", Severity.Error, CrossTableRules.ProjectListTotal),
        new("R11-XM-FUNCTION", Severity.Error, CrossTableRules.ProjectListFunctions),
        new("R12-CG-TOTAL", Severity.Error, CrossTableRules.ProcurementTotal),
        new("R12-CG-CEILING", Severity.Error, CrossTableRules.ProcurementCeiling),
        new("R17-NATIONAL-TABLES", Severity.Error, R17Tables.NationalTables),
        new("R17-LOCAL-TABLES", Severity.Warning, R17Tables.LocalTables),
        new("R17-TABLE-HEADER", Severity.Error, R17Tables.TableHeaders),
        new("R18-EMPTY-EXPLANATION", Severity.Error, R18EmptyTables.EmptyExplanation),
        new("R18-EMPTY-STATE", Severity.Error, R18EmptyTables.EmptyState),
        new("R20-RESIDUE-CELL", Severity.Error, PresentationRules.ResidueCells),
        new("R20-RESIDUE-LABEL", Severity.Warning, PresentationRules.ResidueLabels),
        new("R20-NON-NUMERIC-CELL", Severity.Error, R20NonNumericCells.Check),
        new("R21-TABLE-YEAR", Severity.Warning, PresentationRules.TableYears),
        new("R22-UNIT-DECLARED", Severity.Error, PresentationRules.UnitDeclared),
        new("R22-MAGNITUDE", Severity.Error, PresentationRules.Magnitude),
    ];
}
