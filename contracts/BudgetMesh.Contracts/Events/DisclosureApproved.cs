using MassTransit;

namespace BudgetMesh.Contracts.Events;

/// <summary>An operator approved the exact revision for publication.</summary>
/// <param name="EventId">Unique id of this event.</param>
/// <param name="SubmissionId">The submission.</param>
/// <param name="Revision">The approved revision.</param>
/// <param name="ContentHash">The content hash the operator approved; publication refuses anything else.</param>
/// <param name="ApprovedBy">The operator key name.</param>
/// <param name="OverrideReason">The reason when open error findings were overridden; null otherwise.</param>
/// <param name="OccurredAt">When.</param>
[MessageUrn("budgetmesh.intake.disclosure-approved.v1")]
public sealed record DisclosureApproved(
    Guid EventId,
    Guid SubmissionId,
    int Revision,
    string ContentHash,
    string ApprovedBy,
    string? OverrideReason,
    DateTimeOffset OccurredAt);
