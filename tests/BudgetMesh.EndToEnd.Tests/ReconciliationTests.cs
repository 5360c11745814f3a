using BudgetMesh.Contracts.Events;
using BudgetMesh.Contracts.Intake.V1;
using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.Testing;

namespace BudgetMesh.EndToEnd.Tests;

/// <summary>
/// Issue 8, acceptance 3: a seed submitted to Intake is reconciled by the running services — report stored,
/// status set from it, BudgetReconciled published once, and a redelivered BudgetSubmitted changes nothing.
/// </summary>
public sealed class ReconciliationTests(Suite suite) : IClassFixture<Suite>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Seed_001_is_reconciled_with_its_wrong_class_label_its_wrong_rise_its_misnamed_class_and_its_missing_tables()
    {
        var (status, report) = await SubmitAndReconcileAsync(Seeds.Dadukou2025);

        Assert.Contains(Findings(report, "R13-FUNCTION-CLASS"), f => f.Severity == Severity.Error && f.Actual == "2686.02" && f.Expected == "2224.07");
        Assert.Contains(Findings(report, "R14-YOY-AMOUNT"), f => f.Severity == Severity.Error && f.Actual == "1457.83" && f.Expected == "1374.64");
        Assert.Contains(Findings(report, "C2-NAME-MISMATCH"), f => f.Locations.Any(l => l.Table == TableKey.Cz && l.RowCode == "201") && f.Actual == "一般公共预算支出" && f.Expected == "一般公共服务支出");
        Assert.Contains(Findings(report, "R17-TABLE-HEADER"), f => f.Severity == Severity.Error && f.Message.Contains("部门收入总表", StringComparison.Ordinal));
        Assert.Contains(Findings(report, "R17-LOCAL-TABLES"), f => f.Message.Contains("项目支出", StringComparison.Ordinal));
        Assert.Equal(SubmissionStatus.ReconciledErrors, status);
    }

    [Fact]
    public async Task Seed_002_is_reconciled_with_its_agency_operating_cost_its_missing_income_table_and_its_partial_target_coverage()
    {
        var (status, report) = await SubmitAndReconcileAsync(Seeds.Jiulongpo2023);

        Assert.Contains(Findings(report, "R15-AGENCY-OPERATING"), f => f.Actual == "261.96" && f.Expected == "128.33");
        Assert.Contains(Findings(report, "R17-NATIONAL-TABLES"), f => f.Severity == Severity.Error && f.Message.Contains("部门收入总表", StringComparison.Ordinal));
        Assert.Contains(Findings(report, "P1-COVERAGE"), f => f.Actual == "1409.57" && f.Expected == "1600.00");
        Assert.Equal(SubmissionStatus.ReconciledErrors, status);
    }

    [Fact]
    public async Task Seed_000_is_reconciled_with_its_unexplained_empty_table_its_rates_in_times_its_cost_over_funds_and_rounding_only_as_info()
    {
        var (status, report) = await SubmitAndReconcileAsync(Seeds.Jiulongpo2025);

        Assert.Contains(Findings(report, "R18-EMPTY-EXPLANATION"), f => f.Locations.Any(l => l.Table == TableKey.Jj));
        var rates = Findings(report, "P3-RATE").Where(f => f.Actual == "次" && f.Expected == "%").Select(f => f.Message).ToList();
        Assert.Contains(rates, m => m.Contains("经济指标落实率", StringComparison.Ordinal));
        Assert.Contains(rates, m => m.Contains("民生实事办结率", StringComparison.Ordinal));
        Assert.Contains(Findings(report, "P5-COST"), f => f.Actual == "15.00" && f.Expected == "≤13.00" && f.Message.Contains("民呼我为", StringComparison.Ordinal));
        var rounding = report.Results.SelectMany(r => r.Findings).Where(f => f.Difference is "0.01" or "-0.01").ToList();
        Assert.NotEmpty(rounding);
        Assert.All(rounding, f => Assert.Equal(Severity.Info, f.Severity));
        Assert.Equal(0, report.Summary.Errors);
        Assert.Equal(SubmissionStatus.ReconciledWarnings, status);
    }

    [Fact]
    public async Task A_BudgetSubmitted_delivered_again_while_and_after_it_is_reconciled_leaves_one_report_and_one_BudgetReconciled()
    {
        var package = Seeds.Load(Seeds.Dadukou2025);
        package.Header.DepartmentCode = "903";
        var receipt = await suite.SubmitAsync(package);
        var submissionId = Guid.Parse(receipt.SubmissionId);

        // Again at once, most likely while the first delivery is being reconciled, then again once it is done.
        var (messageId, submitted) = await suite.Probe.WaitForAsync<BudgetSubmitted>(e => e.SubmissionId == submissionId, Patience);
        await suite.Probe.PublishAsync(submitted, messageId!.Value);
        await suite.WatchUntilReconciledAsync(receipt.SubmissionId, receipt.Revision, Patience);
        await suite.Probe.WaitForAsync<BudgetReconciled>(e => e.SubmissionId == submissionId, Patience);
        await suite.Probe.PublishAsync(submitted, messageId.Value);

        await suite.Probe.WaitForAsync<BudgetSubmitted>(_ => Deliveries(submissionId) == 3, Patience);
        // The reconciler's copies of the redelivery have no visible effect to wait for; give them time to do the wrong thing.
        await Task.Delay(TimeSpan.FromSeconds(2));

        Assert.Equal(1, await suite.StoredReportsAsync(submissionId));
        Assert.Equal(1, await suite.OutboxReconciledAsync(submissionId));
        Assert.Single(suite.Probe.Received<BudgetReconciled>(), d => d.Message.SubmissionId == submissionId);
    }

    [Fact]
    public async Task A_Shanghai_department_that_prints_no_codes_is_accepted_by_name_and_reconciled_without_a_false_error()
    {
        // 上海市普陀区人民政府办公室 2025: every table and narrative figure consistent (tests/fixtures/corpus/README.md);
        // its header carries no department or unit code because none is printed.
        var package = Corpus.Load(Corpus.PutuoGovOffice2025);
        Assert.Equal((string.Empty, string.Empty), (package.Header.DepartmentCode, package.Header.UnitCode));

        var receipt = await suite.SubmitAsync(package);
        var status = await suite.WatchUntilReconciledAsync(receipt.SubmissionId, receipt.Revision, Patience);
        var report = await suite.ReportAsync(receipt.SubmissionId, receipt.Revision);

        Assert.Equal(["classification", "performance", "reconciler", "three-public"], report.Results.Select(r => r.Owner).Distinct().Order(StringComparer.Ordinal));
        Assert.DoesNotContain(report.Results.SelectMany(r => r.Findings), f => f.Severity is Severity.Error or Severity.Warning);
        Assert.Equal(SubmissionStatus.ReconciledClean, status);
        Assert.Equal(receipt.SubmissionId, (await suite.SubmitAsync(package)).SubmissionId);
    }

    private int Deliveries(Guid submissionId) => suite.Probe.Received<BudgetSubmitted>().Count(d => d.Message.SubmissionId == submissionId);

    /// <summary>Submits a seed, waits for Intake to report it reconciled, and checks what every run must show.</summary>
    private async Task<(SubmissionStatus Status, Report Report)> SubmitAndReconcileAsync(string seed)
    {
        var receipt = await suite.SubmitAsync(Seeds.Load(seed));
        var submissionId = Guid.Parse(receipt.SubmissionId);

        var status = await suite.WatchUntilReconciledAsync(receipt.SubmissionId, receipt.Revision, Patience);
        var report = await suite.ReportAsync(receipt.SubmissionId, receipt.Revision);

        Assert.Equal(report.Summary.Errors > 0 ? SubmissionStatus.ReconciledErrors : report.Summary.Warnings > 0 ? SubmissionStatus.ReconciledWarnings : SubmissionStatus.ReconciledClean, status);
        Assert.Equal(status, await suite.StatusAsync(receipt.SubmissionId, receipt.Revision));
        Assert.Equal(receipt.ContentHash, report.ContentHash);
        Assert.Equal(["classification", "performance", "reconciler", "three-public"], report.Results.Select(r => r.Owner).Distinct().Order(StringComparer.Ordinal));
        Assert.False(string.IsNullOrEmpty(report.ClassificationCatalogVersion));
        Assert.Equal(Reconciler.RuleCatalog.RuleCatalog.Embedded.Version, report.RuleCatalogVersion);
        Assert.DoesNotContain(report.Results, r => r.Outcome == Outcome.Unspecified);

        Assert.Equal(1, await suite.StoredReportsAsync(submissionId));
        Assert.Equal(1, await suite.OutboxReconciledAsync(submissionId));
        var reconciled = await suite.Probe.WaitForAsync<BudgetReconciled>(e => e.SubmissionId == submissionId, Patience);
        Assert.Equal(Guid.Parse(report.ReportId), reconciled.Message.ReportId);
        Assert.Equal((report.Summary.Errors, report.Summary.Warnings), (reconciled.Message.Errors, reconciled.Message.Warnings));
        Assert.Single(suite.Probe.Received<BudgetReconciled>(), d => d.Message.SubmissionId == submissionId);
        return (status, report);
    }

    private static List<Finding> Findings(Report report, string ruleId) =>
        [.. report.Results.Where(r => r.RuleId == ruleId).SelectMany(r => r.Findings)];
}
