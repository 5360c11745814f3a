using MassTransit;

namespace BudgetMesh.Contracts.Events;

/// <summary>An operator sent the revision back to its district: it is not approved (any earlier approval of it no longer stands).</summary>
/// <param name="EventId">Unique id of this event.</param>
/// <param name="SubmissionId">The submission.</param>
/// <param name="Revision">The returned revision.</param>
/// <param name="ReturnedBy">The operator key name.</param>
/// <param name="Comment">What the district is asked to change.</param>
/// <param name="OccurredAt">When.</param>
[MessageUrn("budgetmesh.intake.disclosure-returned.v1")]
public sealed record DisclosureReturned(
    Guid EventId,
    Guid SubmissionId,
    int Revision,
    string ReturnedBy,
    string Comment,
    DateTimeOffset OccurredAt);
