namespace BudgetMesh.Classification.Rules;

/// <summary>The stable ids of the classification rules (rules.md C1–C8); a report keeps them forever.</summary>
internal static class RuleIds
{
    public const string UnknownCode = "C1-UNKNOWN-CODE";
    public const string NameMismatch = "C2-NAME-MISMATCH";
    public const string Level = "C3-LEVEL";
    public const string Parent = "C4-PARENT";
    public const string CodeDomain = "C5-CODE-DOMAIN";
    public const string EconomicMapping = "C6-ECONOMIC-MAPPING";
    public const string JbPlacement = "C7-JB-PLACEMENT";
    public const string FormerName = "C8-FORMER-NAME";

    /// <summary>In report order, with the Chinese title operators see.</summary>
    public static readonly IReadOnlyList<(string Id, string Title)> All =
    [
        (UnknownCode, "科目编码存在于当年目录"),
        (NameMismatch, "科目名称与目录一致"),
        (Level, "科目层级：功能分类列示到项，经济分类列示到款"),
        (Parent, "上下级科目：下级科目的上级科目行已列示"),
        (CodeDomain, "科目类别与表格相符"),
        (EconomicMapping, "部门经济分类按对照表汇总等于政府经济分类"),
        (JbPlacement, "基本支出经济分类在人员经费与公用经费间列示正确"),
        (FormerName, "科目名称不是预算年度已更名的旧称"),
    ];
}
