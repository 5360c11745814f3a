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
    ILogger<ApprovalFetcher> logger) : PublicationLoop(approvals, store, settings, time, logger)
{
    protected override string Work => "Fetching the approved revision";

    protected override async Task<bool> PassAsync(CancellationToken cancellationToken)
    {
        var due = await Store.AwaitingFetchAsync(Time.GetUtcNow(), cancellationToken);
        await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, FetchAsync);
        return due.Count == PublicationStore.Batch;
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
                attached = await PublicationStore.AttachFetchedAsync(change, record, fetched.Submission?.Package, decision.Refusal, Time.GetUtcNow(), cancellationToken);
                await change.CommitAsync(cancellationToken);
            }

            if (attached && decision.Allowed)
            {
                publisher.Notify();
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            await RetryLaterAsync(record, activity, "无法取回批准的版本：", ex, cancellationToken);
        }
    }
}
