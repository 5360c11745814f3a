using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.ThreePublicExpenses.Narrative;

namespace BudgetMesh.ThreePublicExpenses.Rules;

/// <summary>Runs T1–T5 on one package's 三公 inputs; the narrative is read once.</summary>
internal static class ThreePublicChecks
{
    public static IReadOnlyList<RuleResult> Run(CheckInput input)
    {
        var reading = ThreePublicSectionReader.Read(input.Narrative, input.PackageUnit);
        var vehicles = VehicleSentenceReader.Read(input.Narrative);
        return
        [
            TableSumsRule.Check(input.Table),
            BasicExpenditureRule.Check(input.Table, input.Basic),
            NarrativeStatesTableRule.Check(input, reading),
            YearOnYearRule.Check(input, reading),
            VehiclesRule.Check(input, vehicles),
        ];
    }
}
