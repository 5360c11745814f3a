using MassTransit;

namespace BudgetMesh.Contracts.Events;

/// <summary>The reconciler stored a complete report for a revision.</summary>
/// <param name="EventId">Unique id of this event.</param>
/// <param name="SubmissionId">The submission.</param>
/// <param name="Revision">The revision judged.</param>
/// <param name="ContentHash">Content hash of that revision.</param>
/// <param name="ReportId">The stored report.</param>
/// <param name="Errors">Findings of severity error.</param>
/// <param name="Warnings">Findings of severity warning.</param>
/// <param name="Infos">Findings of severity info.</param>
/// <param name="Reviews">Rules that could not decide.</param>
/// <param name="OccurredAt">When the report was stored.</param>
[MessageUrn("budgetmesh.reconciler.budget-reconciled.v1")]
public sealed record BudgetReconciled(
    Guid EventId,
    Guid SubmissionId,
    int Revision,
    string ContentHash,
    Guid ReportId,
    int Errors,
    int Warnings,
    int Infos,
    int Reviews,
    DateTimeOffset OccurredAt);
