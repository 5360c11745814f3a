namespace BudgetMesh.Contracts.Report.V1;

/// <summary>
/// The one short Chinese name of each annex table that findings and messages use (operators read them); the printed
/// titles, which vary by region and year, are the import profiles' business, not this map's.
/// </summary>
public static class TableNames
{
    /// <summary>"财政拨款收支总表", "部门收支总表", … ; "（未知表）" for a key no table has.</summary>
    public static string Of(TableKey key) => key switch
    {
        TableKey.Cz => "财政拨款收支总表",
        TableKey.Gf => "一般公共预算财政拨款支出预算表",
        TableKey.Jb => "基本支出预算表（部门经济分类）",
        TableKey.Jbg => "基本支出预算表（政府经济分类）",
        TableKey.Sg => "“三公”经费支出表",
        TableKey.Jj => "政府性基金预算支出表",
        TableKey.Gz => "国有资本经营预算支出表",
        TableKey.Sz => "部门收支总表",
        TableKey.Sr => "部门收入总表",
        TableKey.Zc => "部门支出总表",
        TableKey.Xmj => "项目支出预算表（部门经济分类）",
        TableKey.Xmg => "项目支出预算表（政府经济分类）",
        TableKey.Xm => "项目支出明细表",
        TableKey.Cg => "政府采购明细表",
        TableKey.Zt => "整体绩效目标表",
        TableKey.Xj => "项目绩效目标表",
        TableKey.Nar => "情况说明",
        TableKey.Header => "封面信息",
        _ => "（未知表）",
    };
}
