using System.Text.RegularExpressions;

namespace BudgetMesh.Reconciler.Narrative;

/// <summary>Binds the words before a narrative number to the quantity they name.</summary>
internal static partial class FigureBinder
{
    [GeneratedRegex(@"^([0-9]{4}年)?$", RegexOptions.CultureInvariant)]
    private static partial Regex YearOnly();

    /// <summary>Binds a label to a quantity; null when the label names nothing this checker knows.</summary>
    public static Quantity? Bind(
        string label, Sentence sentence, FigureUnit unit, List<(string Code, string Name)> classes, ref string procurementFund, ref string vehicleParent)
    {
        var scope = sentence.In(SectionKind.FiscalAppropriation) || sentence.In(SectionKind.GovernmentFund) || label.Contains("财政拨款", StringComparison.Ordinal)
            ? Scope.Fiscal
            : Scope.Department;

        if (unit == FigureUnit.Vehicles)
        {
            return BindVehicles(label, ref vehicleParent);
        }

        if (sentence.In(SectionKind.ThreePublic) || ContainsAny(label, "三公", "因公出国", "公务接待", "公务用车"))
        {
            return new Quantity(QuantityKind.ThreePublic, scope);
        }

        if (sentence.In(SectionKind.Performance) || ContainsAny(label, "绩效") || ContainsAny(sentence.Norm, "绩效目标管理", "绩效管理"))
        {
            // "纳入重点绩效评价…金额0元" counts another set of projects than the coverage "涉及项目预算资金…".
            return new Quantity(QuantityKind.PerformanceCoverage, scope, label.Contains("重点", StringComparison.Ordinal) ? "key" : string.Empty);
        }

        if (ContainsAny(label, "运行经费", "机关运行"))
        {
            return new Quantity(QuantityKind.AgencyOperating, Scope.Fiscal);
        }

        if (label.Contains("采购", StringComparison.Ordinal) && ContainsAny(label, "预留", "中小企业", "小型和微型", "小微企业"))
        {
            // "面向中小企业预留政府采购项目预算金额…，其中，预留给小型和微型企业的…": parts of 政府采购, not its total.
            return new Quantity(QuantityKind.ProcurementReserved, Scope.Department, ContainsAny(label, "小型和微型", "小微企业") ? "small" : string.Empty);
        }

        if (label.Contains("采购", StringComparison.Ordinal) || (sentence.In(SectionKind.Procurement) && ContainsAny(label, "货物", "工程", "服务")))
        {
            if (label.Contains("一般公共预算", StringComparison.Ordinal))
            {
                procurementFund = "general_budget";
            }

            var kind = label.Contains("货物", StringComparison.Ordinal) ? "goods"
                : label.Contains("工程", StringComparison.Ordinal) ? "works"
                : label.Contains("服务", StringComparison.Ordinal) ? "services"
                : string.Empty;
            return new Quantity(QuantityKind.Procurement, Scope.Department, kind, procurementFund);
        }

        if (FunctionClasses.Find(label, classes) is { } cls)
        {
            return new Quantity(QuantityKind.FunctionClass, scope, cls.Code);
        }

        if (label.Contains("基本支出", StringComparison.Ordinal))
        {
            return new Quantity(QuantityKind.Basic, scope);
        }

        if (label.Contains("项目支出", StringComparison.Ordinal))
        {
            return new Quantity(QuantityKind.Project, scope);
        }

        if (label.Contains("人员经费", StringComparison.Ordinal))
        {
            return new Quantity(QuantityKind.Personnel, Scope.Fiscal);
        }

        if (label.Contains("公用经费", StringComparison.Ordinal))
        {
            return new Quantity(QuantityKind.PublicUse, Scope.Fiscal);
        }

        var spending = label.Contains("支出", StringComparison.Ordinal);
        foreach (var (keyword, fund) in Funds)
        {
            if (label.Contains(keyword, StringComparison.Ordinal))
            {
                return spending
                    ? new Quantity(QuantityKind.ExpenditureByFund, Scope.Fiscal, fund)
                    : new Quantity(QuantityKind.IncomeBySource, scope, fund);
            }
        }

        foreach (var (keyword, source) in Sources)
        {
            if (label.Contains(keyword, StringComparison.Ordinal))
            {
                return new Quantity(QuantityKind.IncomeBySource, Scope.Department, source);
            }
        }

        if (label.Contains("收入", StringComparison.Ordinal))
        {
            return new Quantity(QuantityKind.IncomeTotal, scope);
        }

        if (spending)
        {
            return new Quantity(QuantityKind.ExpenditureTotal, scope);
        }

        if (label.Contains("拨款", StringComparison.Ordinal))
        {
            // "经费拨款增加 66.62 万元": appropriation without a fund is the 一般公共预算 money.
            return new Quantity(QuantityKind.IncomeBySource, scope, "general_budget");
        }

        // "2025年年初预算数 2686.02 万元" takes its side from the sub-heading it is printed under.
        if (ContainsAny(label, "预算数", "预算总额", "总计", "合计", "总额") || YearOnly().IsMatch(label))
        {
            if (sentence.Sub == SectionKind.IncomeBudget)
            {
                return new Quantity(QuantityKind.IncomeTotal, Scope.Department);
            }

            if (sentence.Sub == SectionKind.ExpenditureBudget)
            {
                return new Quantity(QuantityKind.ExpenditureTotal, Scope.Department);
            }
        }

        return null;
    }

    private static readonly (string Keyword, string Fund)[] Funds =
    [
        ("一般公共预算", "general_budget"),
        ("政府性基金", "government_fund"),
        ("国有资本经营", "state_capital"),
    ];

    // 事业单位经营收入 before 事业收入: the longer name contains neither the other, but "经营收入" must not fall to 收入.
    private static readonly (string Keyword, string Source)[] Sources =
    [
        ("事业单位经营收入", "operating_income"),
        ("经营收入", "operating_income"),
        ("事业收入", "institution_income"),
        ("财政专户", "fiscal_special_account"),
        ("上级补助", "superior_subsidy"),
        ("附属单位上缴", "subordinate_remittance"),
        ("上年结转", "carryover"),
        ("其他收入", "other_income"),
    ];

    private static Quantity? BindVehicles(string label, ref string parent)
    {
        if (label.Contains("购置", StringComparison.Ordinal))
        {
            parent = "purchase";
        }
        else if (ContainsAny(label, "共有", "车辆", "实有", "占有"))
        {
            parent = "held";
        }

        if (parent.Length == 0)
        {
            return null;
        }

        var kind = label.Contains("一般公务用车", StringComparison.Ordinal) ? "/general"
            : ContainsAny(label, "执勤执法", "执法执勤") ? "/enforcement"
            : label.Contains("特种专业技术", StringComparison.Ordinal) ? "/special"
            : VehicleKind(label);
        return new Quantity(QuantityKind.Vehicles, Scope.Department, parent + kind);
    }

    // Vehicles of a kind ("部级领导干部用车0辆", "其他用车7辆") are parts of the total, never a second total: each kind
    // is its own quantity, named by the words before 用车/车辆.
    private static string VehicleKind(string label)
    {
        var end = label.LastIndexOf("用车", StringComparison.Ordinal);
        if (end <= 0 || ContainsAny(label, "共有", "实有", "占有", "购置车辆"))
        {
            return string.Empty;
        }

        return "/" + label[..end];
    }

    private static bool ContainsAny(string text, params ReadOnlySpan<string> words)
    {
        foreach (var word in words)
        {
            if (text.Contains(word, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
