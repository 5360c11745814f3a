using MassTransit;

namespace BudgetMesh.Contracts.Events;

/// <summary>The reconciler started working on a revision (Intake moves it from received to reconciling).</summary>
/// <param name="EventId">Unique id of this event; consumers de-duplicate by it.</param>
/// <param name="SubmissionId">The submission.</param>
/// <param name="Revision">The revision being reconciled.</param>
/// <param name="OccurredAt">When the reconciler started.</param>
[MessageUrn("budgetmesh.reconciler.reconciliation-started.v1")]
public sealed record ReconciliationStarted(
    Guid EventId,
    Guid SubmissionId,
    int Revision,
    DateTimeOffset OccurredAt);
