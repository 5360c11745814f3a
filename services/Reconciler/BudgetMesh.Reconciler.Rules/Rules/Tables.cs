using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Report.V1;
using BudgetMesh.Reconciler.Numbers;

namespace BudgetMesh.Reconciler.Rules;

/// <summary>Names operators read in messages: tables and columns in Chinese.</summary>
internal static class Names
{
    public static string Column(string column) => column switch
    {
        "total" => "合计",
        "basic" => "基本支出",
        "project" => "项目支出",
        "prior_year" => "上年预算数",
        "personnel" => "人员经费",
        "public_use" => "日常公用经费",
        "amount" => "金额",
        "general_budget" => "一般公共预算",
        "government_fund" => "政府性基金预算",
        "state_capital" => "国有资本经营预算",
        "carryover" => "上年结转",
        "fiscal_special_account" => "财政专户管理资金",
        "institution_income" => "事业收入",
        "superior_subsidy" => "上级补助收入",
        "subordinate_remittance" => "附属单位上缴收入",
        "operating_income" => "事业单位经营收入",
        "other_income" => "其他收入",
        "unit_funds" => "单位资金",
        "total_funds" => "部门支出预算数",
        "funds_total" => "项目资金总额",
        "fiscal_appropriation" => "财政拨款收入",
        "agency_operating" => "机关运行经费",
        _ => column,
    };
}

/// <summary>One printed row of a coded table, reduced to what the arithmetic rules need.</summary>
/// <param name="Code">Code as printed (trimmed); empty for the total row.</param>
/// <param name="RowIndex">Index in the printed rows; -1 for the total row.</param>
/// <param name="Columns">The table's column names (shared by its rows).</param>
/// <param name="Values">The row's amounts, one per column in <paramref name="Columns"/> order.</param>
internal sealed record CodedRow(string Code, string Name, int RowIndex, string[] Columns, Amount[] Values)
{
    // At most eleven columns: a scan of the shared names beats a dictionary per row, and allocates nothing.
    public Amount this[string column] => Array.IndexOf(Columns, column) is var index and >= 0 ? Values[index] : Amount.Blank;
}

/// <summary>A coded table (function or economic classification) as rows of named amount columns.</summary>
internal sealed record CodedTable(TableKey Key, AmountUnit Unit, bool IsFunction, IReadOnlyList<string> Columns, CodedRow? TotalRow, IReadOnlyList<CodedRow> Rows)
{
    /// <summary>
    /// The length of a code's parent code (its prefix), or 0 for a top-level code. Levels by code length: function
    /// 类/款/项 = 3/5/7 digits, economic 类/款 = 3/5. A code of no level's length (万里 2024's "301 2", read 3012)
    /// still sits under the level its digits begin with: its sums stay in its 类, and Classification (C3) reports
    /// the code itself.
    /// </summary>
    public static int ParentLength(int codeLength, bool isFunction) => codeLength switch
    {
        7 when isFunction => 5,
        5 => 3,
        4 => 3,
        6 => 5,
        > 7 when isFunction => 7,
        > 5 when !isFunction => 5,
        _ => 0,
    };
}

/// <summary>Reads the package's coded tables into <see cref="CodedTable"/> shapes.</summary>
internal static class CodedTables
{
    public static readonly string[] FunctionColumns = ["prior_year", "total", "basic", "project"];
    public static readonly string[] BasicColumns = ["total", "personnel", "public_use"];
    public static readonly string[] EconomicColumns = ["amount"];
    public static readonly string[] IncomeColumns =
    [
        "total", "carryover", "general_budget", "government_fund", "state_capital", "fiscal_special_account",
        "institution_income", "superior_subsidy", "subordinate_remittance", "operating_income", "other_income",

        // Last: a row prints either it (Shanghai's one 财政拨款收入 column) or the fund columns above.
        "fiscal_appropriation",
    ];

    public static CodedTable? Function(TableKey key, FunctionExpenditureTable? table) =>
        table is null ? null : PackageMemo.Get(table, 100 + (int)key, t => ReadFunction(key, t));

    private static CodedTable ReadFunction(TableKey key, FunctionExpenditureTable table)
    {
        // In FunctionColumns order.
        static Amount[] Cells(FunctionExpenditureRow row) =>
        [
            Amount.Parse(row.HasPriorYear ? row.PriorYear : null),
            Amount.Parse(row.HasTotal ? row.Total : null),
            Amount.Parse(row.HasBasic ? row.Basic : null),
            Amount.Parse(row.HasProject ? row.Project : null),
        ];

        return new CodedTable(
            key,
            table.Meta?.Unit ?? AmountUnit.Unspecified,
            true,
            FunctionColumns,
            table.TotalRow is null ? null : new CodedRow(string.Empty, table.TotalRow.Name, -1, FunctionColumns, Cells(table.TotalRow)),
            [.. table.Rows.Select((row, i) => new CodedRow(row.Code.Trim(), row.Name, i, FunctionColumns, Cells(row)))]);
    }

    public static CodedTable? Basic(BasicExpenditureTable? table) =>
        table is null ? null : PackageMemo.Get(table, 1, t => ReadBasic(t));

    private static CodedTable ReadBasic(BasicExpenditureTable table)
    {
        // In BasicColumns order.
        static Amount[] Cells(BasicExpenditureRow row) =>
        [
            Amount.Parse(row.HasTotal ? row.Total : null),
            Amount.Parse(row.HasPersonnel ? row.Personnel : null),
            Amount.Parse(row.HasPublicUse ? row.PublicUse : null),
        ];

        return new CodedTable(
            TableKey.Jb,
            table.Meta?.Unit ?? AmountUnit.Unspecified,
            false,
            BasicColumns,
            table.TotalRow is null ? null : new CodedRow(string.Empty, table.TotalRow.Name, -1, BasicColumns, Cells(table.TotalRow)),
            [.. table.Rows.Select((row, i) => new CodedRow(row.Code.Trim(), row.Name, i, BasicColumns, Cells(row)))]);
    }

    public static CodedTable? Economic(TableKey key, EconomicAmountTable? table) =>
        table is null ? null : PackageMemo.Get(table, 200 + (int)key, t => ReadEconomic(key, t));

    private static CodedTable ReadEconomic(TableKey key, EconomicAmountTable table)
    {
        static Amount[] Cells(EconomicAmountRow row) => [Amount.Parse(row.HasAmount ? row.Amount : null)];

        return new CodedTable(
            key,
            table.Meta?.Unit ?? AmountUnit.Unspecified,
            false,
            EconomicColumns,
            table.TotalRow is null ? null : new CodedRow(string.Empty, table.TotalRow.Name, -1, EconomicColumns, Cells(table.TotalRow)),
            [.. table.Rows.Select((row, i) => new CodedRow(row.Code.Trim(), row.Name, i, EconomicColumns, Cells(row)))]);
    }

    public static CodedTable? Income(IncomeBySourceTable? table) =>
        table is null ? null : PackageMemo.Get(table, 2, t => ReadIncome(t));

    private static CodedTable ReadIncome(IncomeBySourceTable table)
    {
        // In IncomeColumns order.
        static Amount[] Cells(IncomeBySourceRow row) =>
        [
            Amount.Parse(row.HasTotal ? row.Total : null),
            Amount.Parse(row.HasCarryover ? row.Carryover : null),
            Amount.Parse(row.HasGeneralBudget ? row.GeneralBudget : null),
            Amount.Parse(row.HasGovernmentFund ? row.GovernmentFund : null),
            Amount.Parse(row.HasStateCapital ? row.StateCapital : null),
            Amount.Parse(row.HasFiscalSpecialAccount ? row.FiscalSpecialAccount : null),
            Amount.Parse(row.HasInstitutionIncome ? row.InstitutionIncome : null),
            Amount.Parse(row.HasSuperiorSubsidy ? row.SuperiorSubsidy : null),
            Amount.Parse(row.HasSubordinateRemittance ? row.SubordinateRemittance : null),
            Amount.Parse(row.HasOperatingIncome ? row.OperatingIncome : null),
            Amount.Parse(row.HasOtherIncome ? row.OtherIncome : null),
            Amount.Parse(row.HasFiscalAppropriation ? row.FiscalAppropriation : null),
        ];

        return new CodedTable(
            TableKey.Sr,
            table.Meta?.Unit ?? AmountUnit.Unspecified,
            true,
            IncomeColumns,
            table.TotalRow is null ? null : new CodedRow(string.Empty, table.TotalRow.Name, -1, IncomeColumns, Cells(table.TotalRow)),
            [.. table.Rows.Select((row, i) => new CodedRow(row.Code.Trim(), row.Name, i, IncomeColumns, Cells(row)))]);
    }

    /// <summary>Every coded table the package prints, in annex order.</summary>
    public static IEnumerable<CodedTable> All(AnnexTables tables)
    {
        CodedTable?[] all =
        [
            Function(TableKey.Gf, tables.Gf), Basic(tables.Jb), Economic(TableKey.Jbg, tables.Jbg), Function(TableKey.Jj, tables.Jj),
            Function(TableKey.Gz, tables.Gz), Income(tables.Sr), Function(TableKey.Zc, tables.Zc),
            Economic(TableKey.Xmj, tables.Xmj), Economic(TableKey.Xmg, tables.Xmg),
        ];
        return all.OfType<CodedTable>();
    }
}
