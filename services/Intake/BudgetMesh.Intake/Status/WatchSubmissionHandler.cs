using BudgetMesh.Contracts.Intake.V1;
using Grpc.Core;
using BudgetMesh.Intake.Submission;

namespace BudgetMesh.Intake.Status;

/// <summary>
/// Streams one revision's status: the current state, then every change in the order it was committed,
/// until a final state. History rows of one revision are written under that revision's row lock, so their
/// ids increase in commit order and "everything after the last id sent" misses nothing.
/// </summary>
internal sealed class WatchSubmissionHandler(SubmissionReader reader, StatusNotifications notifications)
{
    /// <summary>How often a watcher looks on its own, in case a notification was lost with a connection.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(5);

    public async Task RunAsync(Guid submissionId, int revision, IServerStreamWriter<WatchSubmissionResponse> responses, CancellationToken cancellationToken)
    {
        // Subscribed before the first read: a change committed in between wakes the loop instead of being missed.
        using var subscription = notifications.Subscribe(submissionId);
        var history = await reader.HistoryAsync(submissionId, revision, 0, cancellationToken);
        var (lastId, current) = history[^1];
        if (await SendAsync(current))
        {
            return;
        }

        while (true)
        {
            await subscription.WaitAsync(PollInterval, cancellationToken);
            foreach (var (id, change) in await reader.HistoryAsync(submissionId, revision, lastId, cancellationToken))
            {
                lastId = id;
                if (await SendAsync(change))
                {
                    return;
                }
            }
        }

        async Task<bool> SendAsync(StatusChange change)
        {
            var summary = await reader.GetSummaryAsync(submissionId, cancellationToken);
            await responses.WriteAsync(new WatchSubmissionResponse { Change = change, Summary = summary }, cancellationToken);
            return RevisionStatusNames.FromProto(change.Status) is { } status && StatusMachine.IsFinal(status);
        }
    }
}
