using MassTransit;

namespace BudgetMesh.Contracts.Events;

/// <summary>A revision of a package was stored by Intake and awaits reconciliation.</summary>
/// <param name="EventId">Unique id of this event; consumers de-duplicate by it.</param>
/// <param name="SubmissionId">The submission.</param>
/// <param name="Revision">The revision stored.</param>
/// <param name="ContentHash">sha256 hex of the canonical package bytes.</param>
/// <param name="DistrictCode">District of the submitter.</param>
/// <param name="DepartmentCode">Department code.</param>
/// <param name="UnitCode">Budget unit code.</param>
/// <param name="BudgetYear">Budget year.</param>
/// <param name="OccurredAt">When Intake stored it.</param>
[MessageUrn("budgetmesh.intake.budget-submitted.v1")]
public sealed record BudgetSubmitted(
    Guid EventId,
    Guid SubmissionId,
    int Revision,
    string ContentHash,
    string DistrictCode,
    string DepartmentCode,
    string UnitCode,
    int BudgetYear,
    DateTimeOffset OccurredAt);
