using MassTransit;

namespace BudgetMesh.Contracts.Events;

/// <summary>A published disclosure was removed from the website.</summary>
/// <param name="EventId">Unique id of this event.</param>
/// <param name="SubmissionId">The submission.</param>
/// <param name="Revision">The revision that was on the website.</param>
/// <param name="RetractedBy">The operator key name.</param>
/// <param name="Reason">Why.</param>
/// <param name="OccurredAt">When.</param>
[MessageUrn("budgetmesh.publication.disclosure-retracted.v1")]
public sealed record DisclosureRetracted(
    Guid EventId,
    Guid SubmissionId,
    int Revision,
    string RetractedBy,
    string Reason,
    DateTimeOffset OccurredAt);
