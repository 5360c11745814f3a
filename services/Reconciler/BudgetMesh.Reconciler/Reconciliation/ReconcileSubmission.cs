using BudgetMesh.Contracts.Events;
using BudgetMesh.Reconciler.Reports;
using BudgetMesh.ServiceDefaults.Messaging;
using Npgsql;

namespace BudgetMesh.Reconciler.Reconciliation;

/// <summary>
/// Reconciles one submitted revision: announce, fetch, check in parallel, and store the report with its
/// event in one transaction. Each of the two transactions is one batch and its commit. The announcement stays its
/// own commit, before the work: Intake must show the revision as reconciling while a peer is down, and must see
/// ReconciliationStarted before BudgetReconciled, which two events committed together would not guarantee.
/// Everything before the final transaction may fail and be retried; nothing is stored until every rule has run,
/// so a report is never partial.
/// </summary>
internal sealed class ReconcileSubmission(ServiceDatabase database, PeerChecks peers, CheckingPipeline pipeline, TimeProvider time, ReconcilerMetrics metrics)
{
    public const string ConsumerName = "reconciler.budget-submitted";

    public async Task HandleAsync(BudgetSubmitted submitted, CancellationToken cancellationToken)
    {
        if (!await AnnounceAsync(submitted, cancellationToken))
        {
            await AcceptOnlyAsync(submitted, cancellationToken);
            return;
        }

        var started = time.GetTimestamp();
        var package = await peers.FetchPackageAsync(submitted.SubmissionId, submitted.Revision, cancellationToken);
        var now = time.GetUtcNow();
        var reportId = Guid.NewGuid();
        var report = await pipeline.CheckAsync(package, new ReportSubject(reportId, submitted.SubmissionId, submitted.Revision, submitted.ContentHash, string.Empty, now), cancellationToken);

        // One round trip and the commit: the inbox row, the report and its event, written on the expectation that
        // the message and the revision are new here. When they are not, the batch is rolled back.
        var summary = report.Summary;
        var eventId = Guid.NewGuid();
        await using (var transaction = await database.BeginAsync(cancellationToken))
        {
            await using var batch = transaction.Batch();
            var accept = ChangeTransaction.AcceptCommand(ConsumerName, submitted.EventId);
            var insert = ReportStore.InsertCommand(report);
            batch.BatchCommands.Add(accept);
            batch.BatchCommands.Add(insert);
            batch.BatchCommands.Add(transaction.PublishCommand(eventId, new BudgetReconciled(eventId, submitted.SubmissionId, submitted.Revision, submitted.ContentHash,
                reportId, summary.Errors, summary.Warnings, summary.Infos, summary.Reviews, now)));
            await batch.ExecuteNonQueryAsync(cancellationToken);
            if (accept.RecordsAffected == 0)
            {
                return;
            }

            if (insert.RecordsAffected == 1)
            {
                await transaction.CommitAsync(cancellationToken);
                metrics.Reconciled(report, time.GetElapsedTime(started));
                return;
            }
        }

        // Another delivery stored the revision's report first: this one is only recorded as handled.
        await AcceptOnlyAsync(submitted, cancellationToken);
    }

    /// <summary>
    /// Tells Intake the revision is being reconciled, once per revision however often the message comes: the
    /// ReconciliationStarted event is committed with the revision's reconciliation_starts row. False when the
    /// revision already has a report (nothing to do). One round trip and the commit.
    /// </summary>
    private async Task<bool> AnnounceAsync(BudgetSubmitted submitted, CancellationToken cancellationToken)
    {
        await using var transaction = await database.BeginAsync(cancellationToken);
        await using var batch = transaction.Batch();
        var reported = new NpgsqlBatchCommand("SELECT EXISTS (SELECT 1 FROM reports WHERE submission_id = $1 AND revision = $2)");
        reported.Parameters.AddWithValue(submitted.SubmissionId);
        reported.Parameters.AddWithValue(submitted.Revision);
        var start = new NpgsqlBatchCommand("INSERT INTO reconciliation_starts (submission_id, revision) VALUES ($1, $2) ON CONFLICT DO NOTHING");
        start.Parameters.AddWithValue(submitted.SubmissionId);
        start.Parameters.AddWithValue(submitted.Revision);
        var id = Guid.NewGuid();
        batch.BatchCommands.Add(reported);
        batch.BatchCommands.Add(start);
        batch.BatchCommands.Add(transaction.PublishCommand(id, new ReconciliationStarted(id, submitted.SubmissionId, submitted.Revision, time.GetUtcNow())));
        bool exists;
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            exists = reader.GetBoolean(0);
        }

        if (exists)
        {
            return false;
        }

        // Announced by an earlier delivery: the event written above is rolled back with the transaction.
        if (start.RecordsAffected == 1)
        {
            await transaction.CommitAsync(cancellationToken);
        }

        return true;
    }

    private async Task AcceptOnlyAsync(BudgetSubmitted submitted, CancellationToken cancellationToken)
    {
        await using var transaction = await database.BeginAsync(cancellationToken);
        await transaction.TryAcceptAsync(ConsumerName, submitted.EventId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
