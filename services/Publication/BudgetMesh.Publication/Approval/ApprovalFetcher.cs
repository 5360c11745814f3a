using BudgetMesh.Publication.Publishing;
using BudgetMesh.ServiceDefaults.Messaging;

namespace BudgetMesh.Publication.Approval;

/// <summary>
/// Fetches what was approved (ApprovedRevisionSource), runs the publication gate and stores the package or the refusal
/// on the row, then wakes the publisher. While Intake or the Reconciler cannot answer, the approval stays pending and
/// is tried again with growing, jittered delays, its last error shown to operators; it is never given up. Every replica
/// runs this loop: the row's change_no lets one fetch's outcome be recorded, so two replicas fetching at once is harmless,
/// and fetching holds no lock, so a slow owner does not hold up the website work of others.
/// </summary>
internal sealed class ApprovalFetcher(
    PublicationStore store,
    ServiceDatabase database,
    ApprovedRevisionSource source,
    ApprovalSignal approvals,
    PublisherSignal publisher,
    PublicationSettings settings,
    TimeProvider time,
    ILogger<ApprovalFetcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var due = await store.AwaitingFetchAsync(time.GetUtcNow(), stoppingToken);
                await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = stoppingToken }, FetchAsync);
                if (due.Count == 0)
                {
                    await approvals.WaitAsync(settings.PollInterval, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The database is away: the approvals are safe in their rows; look again shortly.
                logger.LogWarning(ex, "Approval fetch pass failed; retrying");
                await Task.Delay(settings.PollInterval, time, stoppingToken);
            }
        }
    }

    private async ValueTask FetchAsync(PublicationRecord record, CancellationToken cancellationToken)
    {
        using var activity = PublisherTelemetry.Start(record, "fetch approved revision");
        try
        {
            var fetched = await source.FetchAsync(record.SubmissionId, record.Revision, cancellationToken);
            var decision = PublicationGate.Check(new ApprovedFacts(record.Revision, record.ContentHash, record.OverrideReason), fetched.Submission, fetched.Report);
            bool attached;
            await using (var change = await database.BeginAsync(cancellationToken))
            {
                attached = await PublicationStore.AttachFetchedAsync(change, record, fetched.Submission?.Package, decision.Refusal, time.GetUtcNow(), cancellationToken);
                await change.CommitAsync(cancellationToken);
            }

            if (attached && decision.Allowed)
            {
                publisher.Notify();
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, ex.Message);
            var delay = Publisher.RetryDelay(record.Attempts + 1, settings.MaxRetryDelay);
            logger.LogWarning("Fetching approved {SubmissionId} r{Revision} failed (attempt {Attempt}), next in {Delay}: {Error}",
                record.SubmissionId, record.Revision, record.Attempts + 1, delay, ex.Message);
            await store.MarkFailedAsync(record, "无法取回批准的版本：" + ex.Message, time.GetUtcNow() + delay, cancellationToken);
        }
    }
}
