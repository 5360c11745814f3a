using BudgetMesh.Publication.Approval;
using BudgetMesh.ServiceDefaults.Messaging;

namespace BudgetMesh.Publication.Publishing;

/// <summary>Website work (a fetched approval to push, a retraction) was committed: wakes the <see cref="Publisher"/>.</summary>
internal sealed class PublisherSignal : WakeSignal;

/// <summary>An approval was taken in whose revision is still to be fetched: wakes the <see cref="ApprovalFetcher"/>.</summary>
internal sealed class ApprovalSignal : WakeSignal;
