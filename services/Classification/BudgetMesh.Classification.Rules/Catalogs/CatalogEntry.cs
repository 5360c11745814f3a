using BudgetMesh.Contracts.Classification.V1;

namespace BudgetMesh.Classification.Catalogs;

/// <summary>One code of a scheme with its official name and where we know it from.</summary>
internal sealed record CatalogEntry(
    Scheme Scheme,
    string Code,
    string Name,
    int Level,
    string ParentCode,
    string Provenance,
    IReadOnlyList<string> PrintedVariants);

/// <summary>
/// One line of the 部门 → 政府 economic 对照表. The targets differ by unit kind: a 事业单位's lines go to the
/// 505/506 "对事业单位…补助" codes instead of the 机关 501–504 ones. Empty when no target is known.
/// </summary>
internal sealed record EconomicMapping(string DepartmentCode, string AdministrativeCode, string PublicInstitutionCode);

/// <summary>A problem on one line of a catalog file (1-based physical line, the header being line 1).</summary>
internal sealed record LineError(int Line, string Reason)
{
    public override string ToString() => Line > 0 ? $"第 {Line} 行：{Reason}" : Reason;
}
