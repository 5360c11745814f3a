using BudgetMesh.Contracts.Intake.V1;
using BudgetMesh.Testing;

namespace BudgetMesh.EndToEnd.Tests;

/// <summary>
/// Issue 8, acceptance 4: with Classification stopped, a submission waits — no report, not even a partial one —
/// and is reconciled once, when Classification is back on its address.
/// </summary>
public sealed class ClassificationOutageTests(Suite suite) : IClassFixture<Suite>
{
    [Fact]
    public async Task With_Classification_stopped_a_submission_waits_without_a_report_and_is_reconciled_once_when_it_is_back()
    {
        // One reconciliation first, so the reconciler holds a live connection to the Classification that then stops.
        var before = await suite.SubmitAsync(Seeds.Load(Seeds.Jiulongpo2025));
        await suite.WatchUntilReconciledAsync(before.SubmissionId, before.Revision, TimeSpan.FromSeconds(30));
        await suite.StopClassificationAsync();

        var receipt = await suite.SubmitAsync(Seeds.Load(Seeds.Jiulongpo2023));
        var submissionId = Guid.Parse(receipt.SubmissionId);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await suite.StatusAsync(receipt.SubmissionId, receipt.Revision) != SubmissionStatus.Reconciling)
        {
            Assert.True(DateTime.UtcNow < deadline, "The reconciler never announced the reconciliation.");
            await Task.Delay(100);
        }

        // Several attempts fail on Classification in this time; none may leave anything behind.
        await Task.Delay(TimeSpan.FromSeconds(4));
        Assert.Equal(0, await suite.StoredReportsAsync(submissionId));
        Assert.Equal(0, await suite.OutboxReconciledAsync(submissionId));
        Assert.Equal(SubmissionStatus.Reconciling, await suite.StatusAsync(receipt.SubmissionId, receipt.Revision));

        await suite.StartClassificationAsync();

        Assert.Equal(SubmissionStatus.ReconciledErrors, await suite.WatchUntilReconciledAsync(receipt.SubmissionId, receipt.Revision, TimeSpan.FromSeconds(45)));
        Assert.Equal(1, await suite.StoredReportsAsync(submissionId));
        Assert.Equal(1, await suite.OutboxReconciledAsync(submissionId));
        var report = await suite.ReportAsync(receipt.SubmissionId, receipt.Revision);
        Assert.Contains(report.Results, r => r.Owner == "classification");
        Assert.False(string.IsNullOrEmpty(report.ClassificationCatalogVersion));
        await suite.Probe.WaitForAsync<Contracts.Events.BudgetReconciled>(e => e.SubmissionId == submissionId, TimeSpan.FromSeconds(30));
        Assert.Single(suite.Probe.Received<Contracts.Events.BudgetReconciled>(), d => d.Message.SubmissionId == submissionId);
    }
}
