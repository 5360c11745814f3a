using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.Reconciler.Numbers;
using BudgetMesh.Reconciler.Rules;

namespace BudgetMesh.Reconciler.Tests.Rules;

/// <summary>RuleRun.AddsUp and Agrees decide exactly what CheckSum and CheckSame would, for the checks they may skip.</summary>
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
        var fast = Comparisons.Start("R-TEST", Severity.Error);
        var full = Comparisons.Start("R-TEST", Severity.Error);

        var skipped = fast.AddsUp(Amount.Parse(printed), amounts);
        full.CheckSum("sum", Amount.Parse(printed), new Location(), [.. amounts.Select(a => (a, new Location()))], AmountUnit.Yuan);

        var expected = full.Result();
        Assert.Equal(expected.Findings.Count == 0, skipped);
        if (skipped)
        {
            Assert.Equal(expected.Outcome, fast.Result().Outcome);
        }
    }

    public static TheoryData<string?, AmountUnit, string?, AmountUnit> Pairs => new()
    {
        { "10.50", AmountUnit.Yuan, "10.50", AmountUnit.Yuan },
        { "10.50", AmountUnit.Yuan, "10.5", AmountUnit.Yuan },
        { "10.50", AmountUnit.Yuan, "10.51", AmountUnit.Yuan },
        { "105000", AmountUnit.Yuan, "10.50", AmountUnit.TenThousandYuan },
        { "105001", AmountUnit.Yuan, "10.50", AmountUnit.TenThousandYuan },
        { null, AmountUnit.Yuan, null, AmountUnit.Yuan },
        { null, AmountUnit.Yuan, "0", AmountUnit.Yuan },
        { "XX", AmountUnit.Yuan, "1", AmountUnit.Yuan },
        { "1", AmountUnit.Yuan, "．", AmountUnit.Yuan },
    };

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Agrees_is_true_only_when_CheckSame_reports_nothing_and_marks_the_same_outcome(string? actual, AmountUnit actualUnit, string? expected, AmountUnit expectedUnit)
    {
        var fast = Comparisons.Start("R-TEST", Severity.Error);
        var full = Comparisons.Start("R-TEST", Severity.Error);

        var skipped = fast.Agrees(Amount.Parse(actual), actualUnit, Amount.Parse(expected), expectedUnit);
        full.CheckSame("same", Amount.Parse(actual), actualUnit, new Location(), Amount.Parse(expected), expectedUnit, new Location());

        var result = full.Result();
        Assert.Equal(result.Findings.Count == 0, skipped);
        if (skipped)
        {
            Assert.Equal(result.Outcome, fast.Result().Outcome);
        }
    }
}
