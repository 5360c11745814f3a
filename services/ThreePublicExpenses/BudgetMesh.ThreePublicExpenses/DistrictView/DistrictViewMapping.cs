using BudgetMesh.ThreePublicExpenses.Rules;
using V1 = BudgetMesh.Contracts.ThreePublic.V1;

namespace BudgetMesh.ThreePublicExpenses.DistrictView;

/// <summary>The district view's figures to proto; no decisions here.</summary>
internal static class DistrictViewMapping
{
    public static V1.DepartmentFigures ToProto(DepartmentYear year) => new()
    {
        DepartmentCode = year.Revision.DepartmentCode,
        DepartmentName = year.Revision.DepartmentName,
        UnitCode = year.Revision.UnitCode,
        BudgetYear = year.Revision.BudgetYear,
        Figures = ProtoMapping.ToFigures(year.Revision.Figures),
        PriorYearTotal = year.PriorYearTotal is { } prior ? Units.Format(prior) : string.Empty,
        Change = year.Change is { } change ? Units.Format(change) : string.Empty,
        Rank = year.Rank,
        SubmissionId = year.Revision.SubmissionId.ToString(),
        Revision = year.Revision.Revision,
        PriorYearSource = year.PriorYearSource switch
        {
            PriorYearSource.Table => V1.PriorYearSource.Table,
            PriorYearSource.Recorded => V1.PriorYearSource.Recorded,
            _ => V1.PriorYearSource.Unspecified,
        },
        State = year.State == RevisionStanding.Published ? V1.CountedState.Published : V1.CountedState.Approved,
    };

    public static V1.UncountedDepartment ToProto(UncountedDepartment department) => new()
    {
        DepartmentCode = department.Latest.DepartmentCode,
        DepartmentName = department.Latest.DepartmentName,
        SubmissionId = department.Latest.SubmissionId.ToString(),
        Revision = department.Latest.Revision,
        Standing = department.Standing switch
        {
            RevisionStanding.Checked => V1.RevisionStanding.Checked,
            RevisionStanding.Reconciled => V1.RevisionStanding.Reconciled,
            RevisionStanding.Returned => V1.RevisionStanding.Returned,
            RevisionStanding.Retracted => V1.RevisionStanding.Retracted,
            _ => V1.RevisionStanding.Approved,
        },
    };
}
