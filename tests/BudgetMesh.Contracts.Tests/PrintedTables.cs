using BudgetMesh.Contracts.Budget.V1;

namespace BudgetMesh.Contracts.Tests;

/// <summary>How the numbers after a row's anchor cell are collected.</summary>
public enum Collect
{
    /// <summary>Consecutive cells after the anchor up to the next printed label (tables with a left and a right half).</summary>
    Run,

    /// <summary>Every numeric cell after the anchor to the end of the row.</summary>
    Rest,

    /// <summary>Every numeric cell of the table's segment (no anchor).</summary>
    Segment,
}

/// <summary>How the fixture's numbers are compared with the printed ones.</summary>
public enum Compare
{
    /// <summary>Same numbers, same order.</summary>
    Exact,

    /// <summary>The fixture's numbers are the first printed ones.</summary>
    Prefix,

    /// <summary>The fixture's numbers appear in the printed order (printed sub-columns the contract does not model may sit between).</summary>
    Subsequence,
}

/// <summary>One row of a fixture table checked against the seed text.</summary>
public sealed record RowCheck(
    string What,
    Func<string, bool>? Anchor,
    int Occurrence,
    Collect Collect,
    IReadOnlyList<string> Numbers,
    IReadOnlyList<string> Texts,
    Compare Compare,
    bool IsTotal)
{
    /// <summary>When set, only an anchor whose next non-blank cell is this text counts (an indicator name followed by its operator).</summary>
    public string? NextCell { get; init; }
}

/// <summary>One annex table of a fixture, with what the text checks need to know about it.</summary>
public sealed record PrintedTable(string Id, string Key, int Index, TableMeta Meta, IReadOnlyList<string> RowCodes, IReadOnlyList<RowCheck> Checks)
{
    /// <summary>Whether the rows are classification-coded rows (3/5/7-digit codes in the first column).</summary>
    public bool HasCodedRows { get; init; }

    public override string ToString() => Id;
}

/// <summary>Turns a package's annex tables into <see cref="PrintedTable"/>s.</summary>
public static class PrintedTables
{
    /// <summary>Every table the fixture carries, in contract field order (XJ in printed order).</summary>
    public static IReadOnlyList<PrintedTable> Of(BudgetPackage package)
    {
        var t = package.Tables ?? new AnnexTables();
        var list = new List<PrintedTable>();
        if (t.Cz is not null) list.Add(Cz(t.Cz));
        if (t.Gf is not null) list.Add(Function("gf", t.Gf));
        if (t.Jb is not null) list.Add(Basic(t.Jb));
        if (t.Jbg is not null) list.Add(Economic("jbg", t.Jbg));
        if (t.Sg is not null) list.Add(Sg(t.Sg));
        if (t.Jj is not null) list.Add(Function("jj", t.Jj));
        if (t.Gz is not null) list.Add(Function("gz", t.Gz));
        if (t.Sz is not null) list.Add(Sz(t.Sz));
        if (t.Sr is not null) list.Add(Sr(t.Sr));
        if (t.Zc is not null) list.Add(Function("zc", t.Zc));
        if (t.Xmj is not null) list.Add(Economic("xmj", t.Xmj));
        if (t.Xmg is not null) list.Add(Economic("xmg", t.Xmg));
        if (t.Xm is not null) list.Add(Xm(t.Xm));
        if (t.Cg is not null) list.Add(Cg(t.Cg));
        if (t.Zt is not null) list.Add(Zt(t.Zt));
        for (var i = 0; i < t.Xj.Count; i++)
        {
            list.Add(Xj(t.Xj[i], i));
        }

        return list;
    }

    /// <summary>Keys whose absence the text can confirm, with the words a printed title of that table carries.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> TitleWords = new Dictionary<string, string[]>
    {
        ["cz"] = ["财政拨款收支总表"],
        ["jbg"] = ["基本支出预算表", "政府预算支出经济分类"],
        ["sg"] = ["三公", "经费支出表"],
        ["jj"] = ["政府性基金预算支出表"],
        ["gz"] = ["国有资本经营预算支出表"],
        ["sz"] = ["部门收支总表"],
        ["sr"] = ["部门收入总表"],
        ["zc"] = ["部门支出总表"],
        ["xmj"] = ["项目支出预算表", "部门预算支出经济分类"],
        ["xmg"] = ["项目支出预算表", "政府预算支出经济分类"],
        ["xm"] = ["项目支出明细表"],
        ["cg"] = ["政府采购明细表"],
        ["zt"] = ["整体绩效目标表"],
        ["xj"] = ["项目绩效目标表"],
    };

    private static Func<string, bool> Is(string text)
    {
        var want = text.Trim();
        return cell => cell.Trim() == want;
    }

    private static List<string> Nums(params string?[] values) =>
        values.Where(v => !string.IsNullOrEmpty(v) && SeedText.IsNumber(v)).Select(v => v!).ToList();

    private static List<string> Texts(params string?[] values) =>
        values.Where(v => !string.IsNullOrEmpty(v) && !SeedText.IsNumber(v)).Select(v => v!).ToList();

    /// <summary>First, middle and last index of n rows.</summary>
    private static IEnumerable<int> Sample(int n) => n == 0 ? [] : new[] { 0, n / 2, n - 1 }.Distinct();

    /// <summary>Adds anchored checks, numbering repeated anchors in printed order.</summary>
    private sealed class Builder
    {
        private readonly Dictionary<string, int> _seen = new(StringComparer.Ordinal);
        public List<RowCheck> Checks { get; } = [];

        /// <summary>Counts an anchor occurrence without checking it (rows not sampled).</summary>
        public int Next(string anchor, string? nextCell = null)
        {
            var key = anchor.Trim() + "\u0001" + nextCell;
            _seen.TryGetValue(key, out var n);
            _seen[key] = n + 1;
            return n;
        }

        public void Add(string what, string anchor, Collect collect, List<string> numbers, bool total,
            Compare compare = Compare.Exact, List<string>? texts = null, bool check = true, string? nextCell = null)
        {
            var occurrence = Next(anchor, nextCell);
            if (check)
            {
                Checks.Add(new RowCheck(what, Is(anchor), occurrence, collect, numbers, texts ?? [], compare, total) { NextCell = nextCell });
            }
        }
    }

    private static PrintedTable Cz(FiscalFundsOverviewTable t)
    {
        var b = new Builder();
        void Income(string what, LabeledAmount? a, bool total = false)
        {
            if (a is not null && a.Label.Length > 0)
            {
                b.Add(what, a.Label, Collect.Run, Nums(a.HasAmount ? a.Amount : null), total);
            }
        }

        void Exp(string what, FundSplitRow? r, bool total = false)
        {
            if (r is not null && r.Name.Length > 0)
            {
                b.Add(what, r.Name, Collect.Run, Nums(r.Total, r.GeneralBudget, r.GovernmentFund, r.StateCapital), total);
            }
        }

        // In printed order: each income line shares its printed row with an expenditure line.
        Income("一、本年收入", t.CurrentYearIncome);
        Exp("一、本年支出", t.CurrentYearExpenditure);
        Income("一般公共预算资金", t.GeneralBudgetIncome);
        foreach (var r in t.ExpenditureByFunction)
        {
            Exp($"function {r.Code} {r.Name}", r);
        }

        Income("收入合计", t.IncomeTotal, total: true);
        Exp("支出合计", t.ExpenditureTotal, total: true);
        return new PrintedTable("cz", "cz", 0, t.Meta, t.ExpenditureByFunction.Select(r => r.Code).Where(c => c.Length > 0).ToList(), b.Checks);
    }

    private static PrintedTable Function(string key, FunctionExpenditureTable t)
    {
        var b = new Builder();
        if (t.TotalRow is not null)
        {
            var r = t.TotalRow;
            b.Add("合计", r.Name.Length > 0 ? r.Name : "合计", Collect.Rest, Nums(r.PriorYear, r.Total, r.Basic, r.Project), true);
        }

        var sample = Sample(t.Rows.Count).ToHashSet();
        for (var i = 0; i < t.Rows.Count; i++)
        {
            var r = t.Rows[i];
            b.Add($"row {r.Code}", r.Code, Collect.Rest, Nums(r.PriorYear, r.Total, r.Basic, r.Project), false, check: sample.Contains(i));
        }

        return new PrintedTable(key, key, 0, t.Meta, t.Rows.Select(r => r.Code).ToList(), b.Checks) { HasCodedRows = true };
    }

    private static PrintedTable Basic(BasicExpenditureTable t)
    {
        var b = new Builder();
        if (t.TotalRow is not null)
        {
            var r = t.TotalRow;
            b.Add("合计", r.Name.Length > 0 ? r.Name : "合计", Collect.Rest, Nums(r.Total, r.Personnel, r.PublicUse), true);
        }

        var sample = Sample(t.Rows.Count).ToHashSet();
        for (var i = 0; i < t.Rows.Count; i++)
        {
            var r = t.Rows[i];
            b.Add($"row {r.Code}", r.Code, Collect.Rest, Nums(r.Total, r.Personnel, r.PublicUse), false, check: sample.Contains(i));
        }

        return new PrintedTable("jb", "jb", 0, t.Meta, t.Rows.Select(r => r.Code).ToList(), b.Checks) { HasCodedRows = true };
    }

    private static PrintedTable Economic(string key, EconomicAmountTable t)
    {
        var b = new Builder();
        if (t.TotalRow is not null)
        {
            var r = t.TotalRow;
            b.Add("合计", r.Name.Length > 0 ? r.Name : "合计", Collect.Rest, Nums(r.Amount), true);
        }

        var sample = Sample(t.Rows.Count).ToHashSet();
        for (var i = 0; i < t.Rows.Count; i++)
        {
            var r = t.Rows[i];
            b.Add($"row {r.Code}", r.Code, Collect.Rest, Nums(r.Amount), false, check: sample.Contains(i));
        }

        return new PrintedTable(key, key, 0, t.Meta, t.Rows.Select(r => r.Code).ToList(), b.Checks) { HasCodedRows = true };
    }

    private static PrintedTable Sr(IncomeBySourceTable t)
    {
        static List<string> N(IncomeBySourceRow r) => Nums(r.Total, r.Carryover, r.GeneralBudget, r.GovernmentFund, r.StateCapital,
            r.FiscalSpecialAccount, r.InstitutionIncome, r.SuperiorSubsidy, r.SubordinateRemittance, r.OperatingIncome, r.OtherIncome);
        var b = new Builder();
        if (t.TotalRow is not null)
        {
            b.Add("合计", t.TotalRow.Name.Length > 0 ? t.TotalRow.Name : "合计", Collect.Rest, N(t.TotalRow), true);
        }

        var sample = Sample(t.Rows.Count).ToHashSet();
        for (var i = 0; i < t.Rows.Count; i++)
        {
            b.Add($"row {t.Rows[i].Code}", t.Rows[i].Code, Collect.Rest, N(t.Rows[i]), false, check: sample.Contains(i));
        }

        return new PrintedTable("sr", "sr", 0, t.Meta, t.Rows.Select(r => r.Code).ToList(), b.Checks) { HasCodedRows = true };
    }

    private static PrintedTable Sg(ThreePublicExpensesTable t)
    {
        static string?[] F(ThreePublicFigures? f) => f is null
            ? []
            : [f.HasTotal ? f.Total : null, f.HasOutboundTravel ? f.OutboundTravel : null, f.HasVehiclesSubtotal ? f.VehiclesSubtotal : null,
               f.HasVehiclePurchase ? f.VehiclePurchase : null, f.HasVehicleOperation ? f.VehicleOperation : null, f.HasReception ? f.Reception : null];
        var numbers = Nums([.. F(t.CurrentYear), .. F(t.PriorYear)]);
        var checks = new List<RowCheck> { new("三公 figures", null, 0, Collect.Segment, numbers, [], Compare.Exact, true) };
        return new PrintedTable("sg", "sg", 0, t.Meta, [], checks);
    }

    private static PrintedTable Sz(DepartmentOverviewTable t)
    {
        var b = new Builder();
        var income = t.Income.ToList();
        var expenditure = t.Expenditure.ToList();
        if (t.IncomeTotal is not null)
        {
            b.Add("income total", t.IncomeTotal.Label, Collect.Run, Nums(t.IncomeTotal.HasAmount ? t.IncomeTotal.Amount : null), true);
        }

        if (t.ExpenditureTotal is not null)
        {
            b.Add("expenditure total", t.ExpenditureTotal.Label, Collect.Run, Nums(t.ExpenditureTotal.HasAmount ? t.ExpenditureTotal.Amount : null), true);
        }

        foreach (var i in Sample(income.Count))
        {
            b.Add($"income {income[i].Label}", income[i].Label, Collect.Run, Nums(income[i].HasAmount ? income[i].Amount : null), false);
        }

        foreach (var i in Sample(expenditure.Count))
        {
            b.Add($"expenditure {expenditure[i].Name}", expenditure[i].Name, Collect.Run, Nums(expenditure[i].HasAmount ? expenditure[i].Amount : null), false);
        }

        return new PrintedTable("sz", "sz", 0, t.Meta, expenditure.Select(e => e.Code).Where(c => c.Length > 0).ToList(), b.Checks);
    }

    private static PrintedTable Xm(ProjectListTable t)
    {
        var b = new Builder();
        if (t.HasTotal)
        {
            b.Checks.Add(new RowCheck("合计", c => c.Trim().TrimEnd(':', '：') == "合计", 0, Collect.Rest, Nums(t.Total), [], Compare.Prefix, true));
        }

        var sample = Sample(t.Rows.Count).ToHashSet();
        for (var i = 0; i < t.Rows.Count; i++)
        {
            var r = t.Rows[i];
            var anchor = r.ProjectCode.Length > 0 ? r.ProjectCode : r.ProjectName;
            b.Add($"project {anchor}", anchor, Collect.Rest, Nums(r.HasAmount ? r.Amount : null, r.HasGeneralBudget ? r.GeneralBudget : null),
                false, Compare.Subsequence, check: sample.Contains(i));
        }

        return new PrintedTable("xm", "xm", 0, t.Meta, [], b.Checks);
    }

    private static PrintedTable Cg(ProcurementTable t)
    {
        static List<string> N(ProcurementRow r) => Nums(r.HasTotal ? r.Total : null, r.HasGeneralBudget ? r.GeneralBudget : null,
            r.HasGovernmentFund ? r.GovernmentFund : null, r.HasStateCapital ? r.StateCapital : null,
            r.HasFiscalSpecialAccount ? r.FiscalSpecialAccount : null, r.HasUnitFunds ? r.UnitFunds : null);
        var b = new Builder();
        if (t.TotalRow is not null)
        {
            b.Checks.Add(new RowCheck("合计", c => c.Trim().TrimEnd(':', '：') == "合计", 0, Collect.Rest, N(t.TotalRow), [], Compare.Subsequence, true));
        }

        var sample = Sample(t.Rows.Count).ToHashSet();
        for (var i = 0; i < t.Rows.Count; i++)
        {
            var r = t.Rows[i];
            var anchor = r.ProjectCode.Length > 0 ? r.ProjectCode : r.Unit;
            b.Add($"procurement {anchor}", anchor, Collect.Rest, N(r), false, Compare.Subsequence, check: sample.Contains(i) && anchor.Length > 0);
        }

        return new PrintedTable("cg", "cg", 0, t.Meta, [], b.Checks);
    }

    private static void Indicators(Builder b, IReadOnlyList<Indicator> indicators)
    {
        var sample = Sample(indicators.Count).ToHashSet();
        for (var i = 0; i < indicators.Count; i++)
        {
            var x = indicators[i];
            var core = x.HasCore ? (x.Core ? "是" : "否") : null;
            b.Add($"indicator {x.Level3}", x.Level3, Collect.Rest,
                Nums(x.ReferenceValue, x.TargetValue, x.HasWeight ? x.Weight : null), false,
                texts: Texts(x.Operator, x.TargetValue, x.Unit, core), check: sample.Contains(i) && x.Level3.Length > 0,
                nextCell: x.Operator.Length > 0 ? x.Operator.Trim() : null);
        }
    }

    private static PrintedTable Zt(OverallTargetTable t)
    {
        var b = new Builder();
        if (t.HasTotalFunds)
        {
            b.Checks.Add(new RowCheck("部门支出预算数", null, 0, Collect.Segment, Nums(t.TotalFunds), [], Compare.Prefix, true));
        }

        Indicators(b, t.Indicators);
        return new PrintedTable("zt", "zt", 0, t.Meta, [], b.Checks);
    }

    private static string Label(string cell)
    {
        var s = cell.Trim().TrimEnd(':', '：').Trim();
        return s.StartsWith("其中", StringComparison.Ordinal) ? s[2..].TrimStart(':', '：').Trim() : s;
    }

    private static PrintedTable Xj(ProjectTargetTable t, int index)
    {
        var b = new Builder();
        if (t.HasFundsTotal)
        {
            b.Checks.Add(new RowCheck("年度资金总额", c => Label(c) is "年度资金总额" or "项目总额" or "资金总额", 0, Collect.Run, Nums(t.FundsTotal), [], Compare.Prefix, true));
        }

        if (t.HasFundsFiscal)
        {
            b.Checks.Add(new RowCheck("财政拨款", c => Label(c) is "财政拨款" or "财政资金", 0, Collect.Run, Nums(t.FundsFiscal), [], Compare.Prefix, false));
        }

        if (t.HasExecutionRateWeight)
        {
            b.Checks.Add(new RowCheck("预算执行率权重", c => Label(c).StartsWith("预算执行率权重", StringComparison.Ordinal), 0, Collect.Run,
                Nums(t.ExecutionRateWeight), [], Compare.Prefix, false));
        }

        Indicators(b, t.Indicators);
        return new PrintedTable($"xj[{index}]", "xj", index, t.Meta, [], b.Checks);
    }
}
