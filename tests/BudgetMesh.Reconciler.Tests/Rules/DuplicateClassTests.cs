using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.Reconciler.Reconciliation;

namespace BudgetMesh.Reconciler.Tests.Rules;

/// <summary>
/// A class (3-digit code) printed twice in GF or ZC is the district's mistake to be reported, not a reason for the
/// engine to fail: the cross-table rules once built a dictionary of classes and threw, so the submission was retried
/// until it landed in the error queue and never got a report.
/// </summary>
public sealed class DuplicateClassTests
{
    [Fact]
    public void A_class_printed_twice_in_GF_is_reported_and_every_other_rule_still_runs() =>
        ReportedOnce(p =>
        {
            var rows = p.Tables.Gf.Rows;
            var first = rows.First(r => r.Code.Length == 3);
            rows.Insert(rows.IndexOf(first) + 1, first.Clone());
            return (TableKey.Gf, first.Code);
        });

    [Fact]
    public void A_class_printed_twice_in_ZC_is_reported_and_every_other_rule_still_runs() =>
        ReportedOnce(p =>
        {
            var rows = p.Tables.Zc.Rows;
            var first = rows.First(r => r.Code.Length == 3);
            rows.Insert(rows.IndexOf(first) + 1, first.Clone());
            return (TableKey.Zc, first.Code);
        });

    private static void ReportedOnce(Func<BudgetPackage, (TableKey Table, string Code)> duplicate)
    {
        var package = Seeds.Load(Seeds.Jiulongpo2025);
        var (table, code) = duplicate(package);

        var results = ReconciliationEngine.RunInProcess(package);

        Assert.Equal(ReconciliationEngine.RunInProcess(Seeds.Load(Seeds.Jiulongpo2025)).Count, results.Count);
        var duplicateCode = results.Single(r => r.RuleId == "R5-DUPLICATE-CODE");
        Assert.Equal(Outcome.Fail, duplicateCode.Outcome);
        Assert.Contains(duplicateCode.Findings, f => f.Locations.Any(l => l.Table == table && l.RowCode == code));
    }
}
