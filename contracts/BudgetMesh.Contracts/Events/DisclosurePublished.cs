using MassTransit;

namespace BudgetMesh.Contracts.Events;

/// <summary>The website serves the approved revision.</summary>
/// <param name="EventId">Unique id of this event.</param>
/// <param name="SubmissionId">The submission.</param>
/// <param name="Revision">The published revision.</param>
/// <param name="ContentHash">Its content hash.</param>
/// <param name="Path">The page's path on the website.</param>
/// <param name="OccurredAt">When the website confirmed it.</param>
[MessageUrn("budgetmesh.publication.disclosure-published.v1")]
public sealed record DisclosurePublished(
    Guid EventId,
    Guid SubmissionId,
    int Revision,
    string ContentHash,
    string Path,
    DateTimeOffset OccurredAt);
