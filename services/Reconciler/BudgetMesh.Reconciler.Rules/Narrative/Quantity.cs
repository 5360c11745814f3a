namespace BudgetMesh.Reconciler.Narrative;

/// <summary>What a narrative figure talks about.</summary>
internal enum QuantityKind
{
    /// <summary>收入总计 (年初预算数 of the 收入 side).</summary>
    IncomeTotal,

    /// <summary>Income of one source or fund (Detail = source: general_budget, government_fund, …).</summary>
    IncomeBySource,

    /// <summary>支出总计.</summary>
    ExpenditureTotal,

    /// <summary>Expenditure of one fund (Detail = general_budget, government_fund, state_capital).</summary>
    ExpenditureByFund,

    /// <summary>Expenditure of one function 类 (Detail = 3-digit code).</summary>
    FunctionClass,

    /// <summary>基本支出.</summary>
    Basic,

    /// <summary>项目支出.</summary>
    Project,

    /// <summary>人员经费.</summary>
    Personnel,

    /// <summary>公用经费.</summary>
    PublicUse,

    /// <summary>机关运行经费.</summary>
    AgencyOperating,

    /// <summary>政府采购 (Detail = "" for the total, goods/works/services for a kind).</summary>
    Procurement,

    /// <summary>Vehicles (Detail = held/purchase, optionally "/general", "/enforcement", "/special" or "/" and the printed kind).</summary>
    Vehicles,

    /// <summary>政府采购 set aside for 中小企业 (Detail "") or 小微企业 ("small"): a part of 政府采购, no table prints it.</summary>
    ProcurementReserved,

    /// <summary>A "三公" figure: ThreePublicExpenses checks it.</summary>
    ThreePublic,

    /// <summary>绩效目标 coverage ("涉及…万元"): PerformanceTargets checks it.</summary>
    PerformanceCoverage,
}

/// <summary>Whose money a figure counts: the whole department (收支总体, SZ/ZC) or the fiscal appropriation (CZ/GF).</summary>
internal enum Scope
{
    /// <summary>All funds of the department (部门收支总表, 部门支出总表).</summary>
    Department,

    /// <summary>Fiscal appropriation only (财政拨款收支总表, 一般公共预算财政拨款支出预算表).</summary>
    Fiscal,
}

/// <summary>A quantity the narrative can state; two figures with equal quantities must agree.</summary>
/// <param name="Kind">What is counted.</param>
/// <param name="Scope">Whose money.</param>
/// <param name="Detail">Source, fund, 类 code or kind; empty when the kind needs none.</param>
/// <param name="Fund">For procurement: "general_budget" when the figure is the 一般公共预算 part, else empty.</param>
/// <param name="Basis">Empty for the budget year's figure; <see cref="PriorActual"/> for the prior year's execution
/// an item's sentence states ("2023年当年预算执行数为…"), which no table prints.</param>
internal sealed record Quantity(QuantityKind Kind, Scope Scope, string Detail = "", string Fund = "", string Basis = "")
{
    /// <summary>The prior year's execution (执行数) of the quantity.</summary>
    public const string PriorActual = "prior_actual";

    /// <summary>The prior year's budget of the quantity, as an item's sentence states it ("2024年预算数…"); no table of the budget year prints it.</summary>
    public const string PriorBudget = "prior_budget";

    /// <summary>Figures of these quantities are checked by another service or have no table to compare with.</summary>
    public bool CheckedElsewhere => Kind is QuantityKind.ThreePublic or QuantityKind.PerformanceCoverage or QuantityKind.Vehicles or QuantityKind.ProcurementReserved;

    /// <summary>Only the narrative states it (no table prints it): checked against the narrative's other figures.</summary>
    public bool StatedOnly => Basis.Length > 0;

    /// <summary>The level a function code names: 类, 款 or 项.</summary>
    public static string Level(string code) => code.Length switch
    {
        3 => "类",
        5 => "款",
        _ => "项",
    };

    /// <summary>A Chinese name for messages.</summary>
    public string Describe() => Basis == PriorActual ? DescribeValue() + "上年执行数" : Basis == PriorBudget ? DescribeValue() + "上年预算数" : DescribeValue();

    private string DescribeValue() => Kind switch
    {
        QuantityKind.IncomeTotal => Scope == Scope.Fiscal ? "财政拨款收入总计" : "收入总计",
        QuantityKind.IncomeBySource => SourceName(Detail) + (Scope == Scope.Fiscal ? "（财政拨款）" : string.Empty),
        QuantityKind.ExpenditureTotal => Scope == Scope.Fiscal ? "财政拨款支出总计" : "支出总计",
        QuantityKind.ExpenditureByFund => SourceName(Detail) + "支出",
        QuantityKind.FunctionClass => Detail.Length == 3 ? $"{FunctionClasses.NameOf(Detail)}（{Detail}类）" : $"{Detail}{Level(Detail)}",
        QuantityKind.ProcurementReserved => Detail == "small" ? "预留小微企业政府采购金额" : "预留中小企业政府采购金额",
        QuantityKind.Basic => "基本支出",
        QuantityKind.Project => "项目支出",
        QuantityKind.Personnel => "人员经费",
        QuantityKind.PublicUse => "公用经费",
        QuantityKind.AgencyOperating => "机关运行经费",
        QuantityKind.Procurement => (Fund.Length > 0 ? "一般公共预算拨款" : string.Empty) + "政府采购" + Detail switch
        {
            "goods" => "货物预算",
            "works" => "工程预算",
            "services" => "服务预算",
            _ => "预算总额",
        },
        QuantityKind.Vehicles => Detail switch
        {
            "held" => "车辆总数",
            "held/general" => "一般公务用车数",
            "held/enforcement" => "执勤执法用车数",
            "purchase" => "购置车辆数",
            "purchase/general" => "购置一般公务用车数",
            "purchase/enforcement" => "购置执勤执法用车数",
            _ when Detail.Contains('/', StringComparison.Ordinal) => (Detail.StartsWith("purchase", StringComparison.Ordinal) ? "购置" : string.Empty) + Detail[(Detail.IndexOf('/', StringComparison.Ordinal) + 1)..] + "数",
            _ => "车辆",
        },
        QuantityKind.ThreePublic => "“三公”经费",
        QuantityKind.PerformanceCoverage => "绩效目标覆盖金额",
        _ => Kind.ToString(),
    };

    private static string SourceName(string source) => source switch
    {
        "general_budget" => "一般公共预算拨款",
        "government_fund" => "政府性基金预算拨款",
        "state_capital" => "国有资本经营预算拨款",
        "fiscal_special_account" => "财政专户管理资金",
        "institution_income" => "事业收入",
        "superior_subsidy" => "上级补助收入",
        "subordinate_remittance" => "附属单位上缴收入",
        "operating_income" => "事业单位经营收入",
        "other_income" => "其他收入",
        "carryover" => "上年结转",
        _ => source,
    };
}

/// <summary>
/// The 支出功能分类 类 names, to recognise a class the narrative names even when the tables do not print it
/// ("教育支出预算 0 万元"). Classification owns the catalog; this is only the list of names to look for.
/// </summary>
internal static class FunctionClasses
{
    private static readonly (string Code, string Name)[] Classes =
    [
        ("201", "一般公共服务支出"),
        ("202", "外交支出"),
        ("203", "国防支出"),
        ("204", "公共安全支出"),
        ("205", "教育支出"),
        ("206", "科学技术支出"),
        ("207", "文化旅游体育与传媒支出"),
        ("208", "社会保障和就业支出"),
        ("209", "社会保险基金支出"),
        ("210", "卫生健康支出"),
        ("211", "节能环保支出"),
        ("212", "城乡社区支出"),
        ("213", "农林水支出"),
        ("214", "交通运输支出"),
        ("215", "资源勘探工业信息等支出"),
        ("216", "商业服务业等支出"),
        ("217", "金融支出"),
        ("219", "援助其他地区支出"),
        ("220", "自然资源海洋气象等支出"),
        ("221", "住房保障支出"),
        ("222", "粮油物资储备支出"),
        ("223", "国有资本经营预算支出"),
        ("224", "灾害防治及应急管理支出"),
        ("227", "预备费"),
        ("229", "其他支出"),
        ("230", "转移性支出"),
        ("231", "债务还本支出"),
        ("232", "债务付息支出"),
        ("233", "债务发行费用支出"),
        ("234", "抗疫特别国债安排的支出"),
    ];

    /// <summary>The catalog name of a 类 code, or the code itself.</summary>
    public static string NameOf(string code) =>
        Classes.FirstOrDefault(c => c.Code == code).Name ?? code;

    /// <summary>
    /// The 类 a normalised label names, longest name first, with extra names printed by the package's own tables
    /// (code → printed name). Null when the label names no class.
    /// </summary>
    public static (string Code, string Name)? Find(string label, IEnumerable<(string Code, string Name)> printed)
    {
        (string Code, string Name)? best = null;
        if (!CatalogNamesEndInSpending || label.Contains("支出", StringComparison.Ordinal))
        {
            foreach (var (code, name) in Classes)
            {
                Consider(code, name);
            }
        }

        foreach (var (code, name) in printed)
        {
            Consider(code, name);
        }

        return best;

        void Consider(string code, string name)
        {
            // 223 is also how a fund is named ("国有资本经营预算支出"); the fund reading wins in the binder.
            if (code == "223" || name.Length < 4 || !label.Contains(name, StringComparison.Ordinal))
            {
                return;
            }

            if (best is null || name.Length > best.Value.Name.Length)
            {
                best = (code, name);
            }
        }
    }

    // Every catalog name long enough to match ends in 支出, so a label without 支出 names none of them: most labels
    // ("基本支出" aside) are skipped without 30 substring searches. Checked against the list, not assumed.
    private static readonly bool CatalogNamesEndInSpending =
        Classes.Where(c => c.Name.Length >= 4).All(c => c.Name.EndsWith("支出", StringComparison.Ordinal));
}
