using BudgetMesh.Contracts.Budget.V1;

namespace BudgetMesh.Intake.Submission;

/// <summary>
/// What identifies a submission's department and unit: the printed code, or, where the document prints none (all of
/// Shanghai's do not), "name:" + the printed name. The prefix keeps a name from ever equalling a code. Migration 0003
/// computes the same keys for the rows stored before it.
/// </summary>
internal static class SubmissionKey
{
    public static string Department(PackageHeader header) => Of(header.DepartmentCode, header.DepartmentName);

    public static string Unit(PackageHeader header) => Of(header.UnitCode, header.UnitName);

    private static string Of(string code, string name) => code.Length > 0 ? code : "name:" + name.Trim();
}
