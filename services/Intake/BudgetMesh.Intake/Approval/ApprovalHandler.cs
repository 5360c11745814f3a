using System.Diagnostics;
using BudgetMesh.Contracts.Events;
using BudgetMesh.Contracts.Intake.V1;
using BudgetMesh.Intake.Audit;
using BudgetMesh.Intake.Keys;
using BudgetMesh.Intake.Status;
using BudgetMesh.Intake.Submission;
using BudgetMesh.ServiceDefaults.Messaging;
using BudgetMesh.ServiceDefaults.Telemetry;

namespace BudgetMesh.Intake.Approval;

/// <summary>What an operator's decision came to.</summary>
internal abstract record DecisionOutcome
{
    private DecisionOutcome()
    {
    }

    public sealed record Done(Receipt Receipt) : DecisionOutcome;

    public sealed record NotFound : DecisionOutcome;

    /// <summary>The revision is not in a state (or not the content) the decision needs.</summary>
    public sealed record Refused(string Reason) : DecisionOutcome;
}

/// <summary>
/// Operators' decisions on a revision. Approval is for exactly the content the operator reviewed (the hash),
/// and open errors need a recorded override reason; each decision and its event (DisclosureApproved, DisclosureReturned)
/// commit together.
/// </summary>
internal sealed class ApprovalHandler(ServiceDatabase database, StatusWriter writer, TimeProvider time)
{
    public async Task<DecisionOutcome> ApproveAsync(Caller caller, Guid submissionId, int revision, string contentHash, string? overrideReason, string? comment, CancellationToken cancellationToken)
    {
        Activity.Current.TagSubmission(submissionId);
        await using var change = await database.BeginAsync(cancellationToken);
        var state = await StatusWriter.LockAsync(change, submissionId, revision, cancellationToken);
        if (state is null)
        {
            return new DecisionOutcome.NotFound();
        }

        if (state.Revision != state.LatestRevision)
        {
            return new DecisionOutcome.Refused($"只能审核最新修订版本（{state.LatestRevision}）");
        }

        if (!string.Equals(contentHash, state.ContentHash, StringComparison.OrdinalIgnoreCase))
        {
            return new DecisionOutcome.Refused("内容哈希与该修订版本不符，请重新审阅");
        }

        var hasErrors = state.Status == RevisionStatus.ReconciledErrors || (state.Status == RevisionStatus.Retracted && state.Errors > 0);
        var overriding = hasErrors && !string.IsNullOrWhiteSpace(overrideReason);
        // An override keeps its reason and the operator's 备注 alike, in history and audit, flagged as an override.
        var reason = overriding ? OverrideText(state.Errors ?? 0, overrideReason!, comment) : NullIfBlank(comment);
        var transition = await writer.ApplyAsync(change, state, new StatusTrigger.Approve(overriding, hasErrors), caller.Actor, reason, "approve", cancellationToken);
        if (!transition.Allowed)
        {
            return new DecisionOutcome.Refused(transition.Refusal!);
        }

        var now = time.GetUtcNow();
        if (overriding)
        {
            await AuditLog.AppendAsync(change, now, caller.Actor, "override", submissionId, revision, reason, cancellationToken);
        }

        // The approval's trace (from the operator's request) links to the trace that submitted this revision.
        await RevisionTrace.LinkToSubmissionAsync(change, submissionId, revision, cancellationToken);
        var eventId = Guid.CreateVersion7(now);
        await change.PublishAsync(eventId, new DisclosureApproved(eventId, submissionId, revision, state.ContentHash, caller.Name, overriding ? overrideReason : null, now), cancellationToken);
        await change.CommitAsync(cancellationToken);
        return new DecisionOutcome.Done(SubmitPackageHandler.Receipt(submissionId, revision, state.ContentHash, transition.To, state.ReceivedAt));
    }

    public async Task<DecisionOutcome> ReturnAsync(Caller caller, Guid submissionId, int revision, string comment, CancellationToken cancellationToken)
    {
        Activity.Current.TagSubmission(submissionId);
        await using var change = await database.BeginAsync(cancellationToken);
        var state = await StatusWriter.LockAsync(change, submissionId, revision, cancellationToken);
        if (state is null)
        {
            return new DecisionOutcome.NotFound();
        }

        var transition = await writer.ApplyAsync(change, state, new StatusTrigger.Return(), caller.Actor, comment, "return", cancellationToken);
        if (!transition.Allowed)
        {
            return new DecisionOutcome.Refused(transition.Refusal!);
        }

        // Services that count approved figures (the 三公 district view) learn that this revision no longer counts.
        var now = time.GetUtcNow();
        var eventId = Guid.CreateVersion7(now);
        await change.PublishAsync(eventId, new DisclosureReturned(eventId, submissionId, revision, caller.Name, comment, now), cancellationToken);
        await change.CommitAsync(cancellationToken);
        return new DecisionOutcome.Done(SubmitPackageHandler.Receipt(submissionId, revision, state.ContentHash, transition.To, state.ReceivedAt));
    }

    private static string OverrideText(int errors, string overrideReason, string? comment) =>
        $"越过{errors}个错误批准，理由：{overrideReason.Trim()}" + (NullIfBlank(comment) is { } note ? $"；备注：{note.Trim()}" : string.Empty);

    private static string? NullIfBlank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}
