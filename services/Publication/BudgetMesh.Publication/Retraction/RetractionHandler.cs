using BudgetMesh.Callers;
using BudgetMesh.Publication.Publishing;
using BudgetMesh.ServiceDefaults.Grpc;
using BudgetMesh.ServiceDefaults.Messaging;
using Grpc.Core;

namespace BudgetMesh.Publication.Retraction;

/// <summary>
/// Records who retracts and why, then lets the publisher remove the files, rewrite the index pages and publish
/// DisclosureRetracted (through the outbox, once the website confirmed). Waits a moment for that, so an operator
/// normally sees RETRACTED at once and RETRACTION_PENDING only while the website is down.
/// </summary>
internal sealed class RetractionHandler(ServiceDatabase database, PublicationStore store, PublisherSignal signal, ApprovalSignal approvals, TimeProvider time)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(8);

    public async Task<PublicationRecord> RetractAsync(Guid submissionId, VerifiedCaller caller, string reason, CancellationToken cancellationToken)
    {
        await using (var change = await database.BeginAsync(cancellationToken))
        {
            var record = await PublicationStore.GetForUpdateAsync(change, submissionId, cancellationToken) ?? throw NotFound(submissionId);
            if (record.State is States.Retracted or States.RetractionPending)
            {
                return record;
            }

            // A pending newer revision still counts when an older one is on the website: retracting removes that one and cancels the push.
            if (record.State != States.Published && !(record.State == States.Pending && record.Files.Count > 0))
            {
                throw RpcErrors.Status(StatusCode.FailedPrecondition, $"该公开尚未上网（状态：{States.Chinese(record.State)}），无需撤回");
            }

            await PublicationStore.RequestRetractionAsync(change, record, caller.Actor, reason, time.GetUtcNow(), cancellationToken);
            await change.CommitAsync(cancellationToken);
        }

        signal.Notify();
        return await WaitWhileAsync(submissionId, States.RetractionPending, cancellationToken);
    }

    /// <summary>Pushes the current revision again (same bytes, same paths); a retracted or refused one needs a new approval.</summary>
    public async Task<PublicationRecord> RepublishAsync(Guid submissionId, VerifiedCaller caller, CancellationToken cancellationToken)
    {
        await using (var change = await database.BeginAsync(cancellationToken))
        {
            var record = await PublicationStore.GetForUpdateAsync(change, submissionId, cancellationToken) ?? throw NotFound(submissionId);
            if (record.State is not (States.Published or States.Pending))
            {
                throw RpcErrors.Status(StatusCode.FailedPrecondition, $"状态为“{States.Chinese(record.State)}”的公开只能通过重新批准再次发布");
            }

            await PublicationStore.RequestRepublishAsync(change, record, caller.Actor, time.GetUtcNow(), cancellationToken);
            await change.CommitAsync(cancellationToken);
        }

        // A row whose approved revision is still to be fetched goes back to the fetcher; one with its package, to the publisher.
        signal.Notify();
        approvals.Notify();
        return await WaitWhileAsync(submissionId, States.Pending, cancellationToken);
    }

    private async Task<PublicationRecord> WaitWhileAsync(Guid submissionId, string state, CancellationToken cancellationToken)
    {
        var until = time.GetUtcNow() + Patience;
        while (true)
        {
            var record = await store.GetAsync(submissionId, cancellationToken) ?? throw NotFound(submissionId);
            if (record.State != state || record.Attempts > 0 || time.GetUtcNow() >= until)
            {
                return record;
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    private static RpcException NotFound(Guid submissionId) =>
        RpcErrors.Status(StatusCode.NotFound, $"没有报送{submissionId}的公开记录");
}
