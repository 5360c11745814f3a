namespace BudgetMesh.Contracts.Intake.V1;

/// <summary>Values of ListSubmissionsRequest.assignee that are not an operator's name, for every client and for Intake.</summary>
public static class AssigneeFilter
{
    /// <summary>Submissions assigned to nobody (未分派); no key may be named so.</summary>
    public const string Unassigned = "-";
}
