using BudgetMesh.Contracts.Events;
using BudgetMesh.Reconciler.Reports;
using BudgetMesh.ServiceDefaults.Messaging;

namespace BudgetMesh.Reconciler.Reconciliation;

/// <summary>
/// Reconciles one submitted revision: announce, fetch, check in parallel, and store the report with its
/// event in one transaction. Everything before the final transaction may fail and be retried; nothing is
/// stored until every rule has run, so a report is never partial.
/// </summary>
internal sealed class ReconcileSubmission(ServiceDatabase database, ReportStore reports, PeerChecks peers, ReconciliationEngine engine, TimeProvider time)
{
    public const string ConsumerName = "reconciler.budget-submitted";

    public async Task HandleAsync(BudgetSubmitted submitted, CancellationToken cancellationToken)
    {
        if (await reports.ExistsAsync(submitted.SubmissionId, submitted.Revision, cancellationToken))
        {
            await AcceptOnlyAsync(submitted, cancellationToken);
            return;
        }

        await AnnounceAsync(submitted, cancellationToken);
        var package = await peers.FetchPackageAsync(submitted.SubmissionId, submitted.Revision, cancellationToken);
        var services = await peers.CheckAsync(submitted, package, cancellationToken);
        var now = time.GetUtcNow();
        var subject = new ReportSubject(Guid.NewGuid(), submitted.SubmissionId, submitted.Revision, submitted.ContentHash, services.ClassificationCatalogVersion, now);
        var report = engine.Compose(subject, [.. ReconciliationEngine.RunInProcess(package), .. services.Results]);

        await using var transaction = await database.BeginAsync(cancellationToken);
        if (!await transaction.TryAcceptAsync(ConsumerName, submitted.EventId, cancellationToken))
        {
            return;
        }

        if (await ReportStore.TryInsertAsync(transaction, report, cancellationToken))
        {
            var summary = report.Summary;
            var eventId = Guid.NewGuid();
            await transaction.PublishAsync(eventId, new BudgetReconciled(eventId, submitted.SubmissionId, submitted.Revision, submitted.ContentHash,
                subject.ReportId, summary.Errors, summary.Warnings, summary.Infos, summary.Reviews, now), cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Tells Intake the revision is being reconciled, once per revision however often the message comes.</summary>
    private async Task AnnounceAsync(BudgetSubmitted submitted, CancellationToken cancellationToken)
    {
        await using var transaction = await database.BeginAsync(cancellationToken);
        await using var command = transaction.Command("INSERT INTO reconciliation_starts (submission_id, revision) VALUES ($1, $2) ON CONFLICT DO NOTHING");
        command.Parameters.AddWithValue(submitted.SubmissionId);
        command.Parameters.AddWithValue(submitted.Revision);
        if (await command.ExecuteNonQueryAsync(cancellationToken) == 1)
        {
            var id = Guid.NewGuid();
            await transaction.PublishAsync(id, new ReconciliationStarted(id, submitted.SubmissionId, submitted.Revision, time.GetUtcNow()), cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private async Task AcceptOnlyAsync(BudgetSubmitted submitted, CancellationToken cancellationToken)
    {
        await using var transaction = await database.BeginAsync(cancellationToken);
        await transaction.TryAcceptAsync(ConsumerName, submitted.EventId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
