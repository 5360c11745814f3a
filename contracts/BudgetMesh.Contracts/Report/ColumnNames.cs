namespace BudgetMesh.Contracts.Report.V1;

/// <summary>
/// The printed header of each package.proto field a finding can point at ("public_use" → 日常公用经费), so the
/// console and the CLI name a column the way the document does, never by its field name.
/// </summary>
public static class ColumnNames
{
    private static readonly Dictionary<string, string> Headers = new(StringComparer.Ordinal)
    {
        ["code"] = "科目编码", ["name"] = "科目名称", ["prior_year"] = "上年预算数", ["total"] = "合计", ["basic"] = "基本支出",
        ["project"] = "项目支出", ["personnel"] = "人员经费", ["public_use"] = "日常公用经费", ["amount"] = "金额", ["label"] = "项目",
        ["general_budget"] = "一般公共预算", ["government_fund"] = "政府性基金预算", ["state_capital"] = "国有资本经营预算",
        ["carryover"] = "上年结转", ["fiscal_special_account"] = "财政专户管理资金", ["institution_income"] = "事业收入",
        ["superior_subsidy"] = "上级补助收入", ["subordinate_remittance"] = "附属单位上缴收入", ["operating_income"] = "事业单位经营收入",
        ["other_income"] = "其他收入", ["unit"] = "单位", ["project_code"] = "项目编码", ["project_name"] = "项目名称",
        ["function_code"] = "功能科目编码", ["function_name"] = "功能科目名称", ["project_kind"] = "项目类型",
        ["gov_economic_code"] = "政府经济科目编码", ["gov_economic_name"] = "政府经济科目名称", ["dept_economic_code"] = "部门经济科目编码",
        ["dept_economic_name"] = "部门经济科目名称", ["kind"] = "采购类别", ["item"] = "采购品目", ["is_government_procurement"] = "是否政府采购",
        ["project_status"] = "项目状态", ["unit_funds"] = "单位资金", ["outbound_travel"] = "因公出国（境）费",
        ["vehicles_subtotal"] = "公务用车购置及运行费", ["vehicle_purchase"] = "公务用车购置费", ["vehicle_operation"] = "公务用车运行费",
        ["reception"] = "公务接待费", ["level1"] = "一级指标", ["level2"] = "二级指标", ["level3"] = "三级指标", ["operator"] = "指标性质",
        ["target_value"] = "指标值", ["weight"] = "权重(%)", ["core"] = "是否核心指标", ["reference_value"] = "历史参考值", ["note"] = "备注",
        ["total_row"] = "合计", ["current_year"] = "本年预算数", ["department_name"] = "部门名称", ["total_funds"] = "部门支出预算数",
        ["goal_text"] = "年度绩效目标", ["manager"] = "项目负责人", ["manager_phone"] = "联系电话", ["department"] = "主管部门",
        ["implementing_unit"] = "实施单位", ["execution_rate_weight"] = "预算执行率权重(%)", ["funds_total"] = "年度资金总额",
        ["funds_fiscal"] = "其中：财政拨款", ["funds_other"] = "其他资金", ["activity"] = "职能职责与活动", ["income"] = "收入",
        ["expenditure"] = "支出", ["income_total"] = "收入合计", ["expenditure_total"] = "支出合计", ["indicators"] = "绩效指标",
        ["fiscal_appropriation"] = "财政拨款收入", ["agency_operating"] = "机关运行经费", ["current_year_expenditure"] = "一、本年支出", ["carry_forward"] = "二、结转下年", ["expenditure_by_function"] = "支出（按功能分类）",
    };

    /// <summary>The header, or null for a field the map does not know.</summary>
    public static string? Of(string field) => Headers.GetValueOrDefault(field);
}
