using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.Reconciler.Numbers;

namespace BudgetMesh.Reconciler.Narrative;

/// <summary>R19: the required sections of the narrative.</summary>
internal static class R19Sections
{
    private static readonly (SectionKind Kind, string Name)[] RequiredSections =
    [
        (SectionKind.Duties, "职能职责"),
        (SectionKind.Structure, "机构（单位）构成"),
        (SectionKind.Overview, "部门收支总体情况"),
        (SectionKind.FiscalAppropriation, "财政拨款情况说明"),
        (SectionKind.ThreePublic, "“三公”经费情况说明"),
        (SectionKind.AgencyOperating, "机关运行经费"),
        (SectionKind.Procurement, "政府采购情况"),
        (SectionKind.Performance, "绩效目标设置情况"),
        (SectionKind.Assets, "国有资产占有使用情况"),
        (SectionKind.Glossary, "专业性名词解释"),
    ];

    // R19: every required section has a heading.
    public static void Check(NarrativeRun run)
    {
        var rule = run.Rules[NarrativeChecks.Sections];
        foreach (var (kind, name) in RequiredSections)
        {
            if (run.Document.Has(kind))
            {
                rule.Checked();
                continue;
            }

            rule.Fail(new Finding
            {
                Severity = Severity.Warning,
                Message = $"情况说明缺少“{name}”部分",
                Locations = { new Location { Table = TableKey.Nar, RowIndex = -1, Label = name } },
                Expected = name,
            });
        }
    }
}
