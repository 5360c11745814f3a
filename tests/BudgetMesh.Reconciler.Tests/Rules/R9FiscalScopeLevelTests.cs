using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Report.V1;
using static BudgetMesh.Reconciler.Tests.Rules.RuleAssertions;

namespace BudgetMesh.Reconciler.Tests.Rules;

/// <summary>
/// R9-FISCAL-SCOPE compares 部门支出总表 with 一般公共预算支出表 at the level both print. 渝北区政府办 2024 prints its 部门支出总表
/// to 款 only (tests/fixtures/constructed/chongqing-yuan-2024.txt stands for it): its 项 rows are not "printed blank",
/// they are not printed, which C3-LEVEL reports once per 款; a 项 missing among printed siblings is still an error.
/// </summary>
public sealed class R9FiscalScopeLevelTests
{
    private const string RuleId = "R9-FISCAL-SCOPE";

    [Fact]
    public void A_ZC_printed_to_kuan_only_is_compared_at_the_kuan_and_agrees()
    {
        var package = ZcToKuan();

        var result = Run(RuleId, package);

        Assert.Equal(Outcome.Pass, result.Outcome);
        Assert.Empty(result.Findings);
    }

    [Fact]
    public void A_kuan_of_such_a_ZC_that_differs_from_GF_is_still_an_error_at_that_kuan()
    {
        var package = ZcToKuan();
        package.Tables.Zc.Rows.Single(r => r.Code == "20805").Total = "295.74";

        var result = Run(RuleId, package);

        var finding = Assert.Single(result.Findings);
        Assert.Equal(Severity.Error, finding.Severity);
        Assert.Contains(finding.Locations, l => l.Table == TableKey.Zc && l.RowCode == "20805" && l.Column == "total");
    }

    [Fact]
    public void A_xiang_missing_among_its_printed_siblings_is_still_an_error()
    {
        var package = Seeds.Load(Seeds.Jiulongpo2025);
        package.Tables.Zc.Rows.Remove(package.Tables.Zc.Rows.Single(r => r.Code == "2080506"));

        var result = Run(RuleId, package);

        Assert.Equal(Outcome.Fail, result.Outcome);
        Assert.Contains(result.Findings, f => f.Severity == Severity.Error && f.Locations.Any(l => l.Table == TableKey.Zc && l.Label.Contains("2080506", StringComparison.Ordinal)));
    }

    // Seed 000 (九龙坡区政府办 2025) with its 部门支出总表's 项 rows left out, as a table printed to 款 is.
    private static BudgetPackage ZcToKuan()
    {
        var package = Seeds.Load(Seeds.Jiulongpo2025);
        foreach (var row in package.Tables.Zc.Rows.Where(r => r.Code.Length == 7).ToList())
        {
            package.Tables.Zc.Rows.Remove(row);
        }

        return package;
    }
}
