using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.Reconciler.Numbers;
using BudgetMesh.Reconciler.Rules;

namespace BudgetMesh.Reconciler.Tests.Rules;

/// <summary>RuleRun.AddsUp decides exactly what CheckSum would, for the sums it may skip.</summary>
public sealed class AddsUpTests
{
    public static TheoryData<string?, string?[]> Sums => new()
    {
        { "10.50", ["10.00", "0.50"] },
        { "10.50", ["10.00", "0.49"] },
        { "10.50", ["10.00", null] },
        { null, [null, null] },
        { null, ["0.01"] },
        { "XX", ["1.00"] },
        { "1.00", ["．"] },
        { "1.0", ["1.00", "0"] },
        { "-2.00", ["-1.00", "-1.00"] },
    };

    [Theory]
    [MemberData(nameof(Sums))]
    public void AddsUp_is_true_only_when_CheckSum_reports_nothing_and_marks_the_same_outcome(string? printed, string?[] terms)
    {
        var amounts = terms.Select(Amount.Parse).ToArray();
        var fast = new RuleRun("R-TEST", Severity.Error);
        var full = new RuleRun("R-TEST", Severity.Error);

        var skipped = fast.AddsUp(Amount.Parse(printed), amounts);
        full.CheckSum("sum", Amount.Parse(printed), new Location(), [.. amounts.Select(a => (a, new Location()))], AmountUnit.Yuan);

        var expected = full.Result();
        Assert.Equal(expected.Findings.Count == 0, skipped);
        if (skipped)
        {
            Assert.Equal(expected.Outcome, fast.Result().Outcome);
        }
    }
}
