using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Report.V1;
using static BudgetMesh.Reconciler.Tests.Rules.RuleAssertions;

namespace BudgetMesh.Reconciler.Tests.Rules;

/// <summary>The rounding envelope, unreadable cells and absent tables, as rules.md asks.</summary>
public sealed class ArithmeticTests
{
    [Fact]
    public void A_difference_inside_the_rounding_envelope_is_an_info_note_and_the_rule_passes()
    {
        var result = Run("R2-TOTALS", Seeds.Load(Seeds.Jiulongpo2025));
        Assert.Equal(Outcome.Pass, result.Outcome);
        var note = result.Findings.First(f => f.Locations[0].Table == TableKey.Gf && f.Locations[0].Column == "total");
        Assert.Equal(Severity.Info, note.Severity);
        Assert.Contains("可能为取整误差", note.Message, StringComparison.Ordinal);
        Assert.Equal("2132.82", note.Expected);
        Assert.Equal("2132.83", note.Actual);
        Assert.Equal("0.01", note.Difference);
        Assert.Equal("0.025", note.Tolerance);
    }

    [Fact]
    public void A_difference_just_outside_the_envelope_is_an_error()
    {
        var package = Seeds.Load(Seeds.Jiulongpo2025);
        package.Tables.Gf.TotalRow.Total = "2132.85";
        var result = Run("R2-TOTALS", package);
        Assert.Equal(Outcome.Fail, result.Outcome);
        Assert.Contains(result.Findings, f => f.Severity == Severity.Error && f.Difference == "0.03" && f.Tolerance == "0.025");
    }

    [Fact]
    public void An_unreadable_cell_is_never_read_as_zero_the_rule_asks_for_review_naming_the_cell()
    {
        var package = Seeds.Load(Seeds.Jiulongpo2025);
        package.Tables.Gf.Rows[2].Basic = "—";
        var result = Run("R2-ROW-SPLIT", package);
        Assert.Equal(Outcome.Review, result.Outcome);
        var finding = Assert.Single(result.Findings);
        Assert.Contains(finding.Locations, l => l.Table == TableKey.Gf && l.RowCode == "2010301" && l.Column == "basic" && l.RowIndex == 2);
        Assert.Equal("—", finding.Actual);
    }

    [Fact]
    public void Rules_whose_tables_are_absent_do_not_apply_and_say_why_in_chinese()
    {
        var package = new BudgetPackage { Header = new PackageHeader { BudgetYear = 2025, AmountUnit = AmountUnit.TenThousandYuan }, Tables = new AnnexTables(), Narrative = new Contracts.Budget.V1.Narrative() };
        foreach (var id in new[] { "R1-CZ-BALANCE", "R2-ROW-SPLIT", "R3-JB-SPLIT", "R5-HIERARCHY", "R7-CZ-GF", "R8-BASIC", "R9-SZ-SR", "R11-XM-TOTAL", "R12-CG-TOTAL", "R22-MAGNITUDE" })
        {
            var result = Run(id, package);
            Assert.Equal(Outcome.NotApplicable, result.Outcome);
            Assert.Matches("[\u4e00-\u9fff]", result.Note);
        }
    }

    [Fact]
    public void Tables_in_different_units_are_compared_after_conversion()
    {
        var package = Seeds.Load(Seeds.Jiulongpo2025);
        package.Tables.Jbg.Meta.Unit = AmountUnit.Yuan;
        package.Tables.Jbg.TotalRow.Amount = "15428300.00";
        Assert.Equal(Outcome.Pass, Run("R8-BASIC", package).Outcome);

        package.Tables.Jbg.TotalRow.Amount = "15428400.00";
        var finding = Assert.Single(Run("R8-BASIC", package).Findings);
        Assert.Equal(Severity.Error, finding.Severity);
        Assert.Equal("1542.84", finding.Actual);
        Assert.Equal("1542.83", finding.Expected);
    }
}
