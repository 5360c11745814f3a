using BudgetMesh.Classification.Validation;
using BudgetMesh.Contracts.Budget.V1;
using BudgetMesh.Contracts.Classification.V1;
using BudgetMesh.Contracts.Report.V1;

namespace BudgetMesh.Classification.Rules;

/// <summary>
/// One coded cell of a package: the line to validate plus where it sits (the columns of its code and name, the
/// project for XM/CG) and whether its table is a 类/款/项 hierarchy whose parent rows must be printed.
/// </summary>
internal sealed record PackageLine(CodedLine Line, string CodeColumn, string NameColumn, string Project, bool Hierarchical);

/// <summary>What the classification rules read from a package: every coded line, and the two basic-expenditure tables.</summary>
internal sealed record PackageLines(
    int BudgetYear,
    UnitKind UnitKind,
    IReadOnlyList<PackageLine> Lines,
    BasicExpenditureTable? Jb,
    EconomicAmountTable? Jbg)
{
    /// <summary>
    /// Collects the coded lines of GF JJ GZ SR ZC XM CG (function), JB XMJ CG (department economic), JBG XMG CG
    /// (government economic) and the CZ/SZ expenditure 类 rows (by name; lines without a code are labels).
    /// </summary>
    public static PackageLines From(BudgetPackage package)
    {
        var t = package.Tables ?? new AnnexTables();
        var lines = new List<PackageLine>();

        void Add(TableKey table, Scheme scheme, int row, string code, string name, bool hierarchical, string codeColumn = "code", string nameColumn = "name", string project = "")
        {
            if (!string.IsNullOrWhiteSpace(code))
            {
                lines.Add(new PackageLine(new CodedLine(scheme, code, name, table, row), codeColumn, nameColumn, project, hierarchical));
            }
        }

        void AddFunctionRows(TableKey table, FunctionExpenditureTable? source)
        {
            for (var i = 0; source is not null && i < source.Rows.Count; i++)
            {
                Add(table, Scheme.Function, i, source.Rows[i].Code, source.Rows[i].Name, hierarchical: true);
            }
        }

        void AddEconomicRows(TableKey table, Scheme scheme, EconomicAmountTable? source)
        {
            for (var i = 0; source is not null && i < source.Rows.Count; i++)
            {
                Add(table, scheme, i, source.Rows[i].Code, source.Rows[i].Name, hierarchical: true);
            }
        }

        for (var i = 0; t.Cz is not null && i < t.Cz.ExpenditureByFunction.Count; i++)
        {
            Add(TableKey.Cz, Scheme.Function, i, t.Cz.ExpenditureByFunction[i].Code, t.Cz.ExpenditureByFunction[i].Name, hierarchical: false);
        }

        AddFunctionRows(TableKey.Gf, t.Gf);
        for (var i = 0; t.Jb is not null && i < t.Jb.Rows.Count; i++)
        {
            Add(TableKey.Jb, Scheme.DepartmentEconomic, i, t.Jb.Rows[i].Code, t.Jb.Rows[i].Name, hierarchical: true);
        }

        AddEconomicRows(TableKey.Jbg, Scheme.GovernmentEconomic, t.Jbg);
        AddFunctionRows(TableKey.Jj, t.Jj);
        AddFunctionRows(TableKey.Gz, t.Gz);
        for (var i = 0; t.Sz is not null && i < t.Sz.Expenditure.Count; i++)
        {
            Add(TableKey.Sz, Scheme.Function, i, t.Sz.Expenditure[i].Code, t.Sz.Expenditure[i].Name, hierarchical: false);
        }

        for (var i = 0; t.Sr is not null && i < t.Sr.Rows.Count; i++)
        {
            Add(TableKey.Sr, Scheme.Function, i, t.Sr.Rows[i].Code, t.Sr.Rows[i].Name, hierarchical: true);
        }

        AddFunctionRows(TableKey.Zc, t.Zc);
        AddEconomicRows(TableKey.Xmj, Scheme.DepartmentEconomic, t.Xmj);
        AddEconomicRows(TableKey.Xmg, Scheme.GovernmentEconomic, t.Xmg);
        for (var i = 0; t.Xm is not null && i < t.Xm.Rows.Count; i++)
        {
            var row = t.Xm.Rows[i];
            Add(TableKey.Xm, Scheme.Function, i, row.FunctionCode, row.FunctionName, hierarchical: false, "function_code", "function_name", row.ProjectCode);
        }

        for (var i = 0; t.Cg is not null && i < t.Cg.Rows.Count; i++)
        {
            var row = t.Cg.Rows[i];
            Add(TableKey.Cg, Scheme.Function, i, row.FunctionCode, row.FunctionName, hierarchical: false, "function_code", "function_name", row.ProjectCode);
            Add(TableKey.Cg, Scheme.GovernmentEconomic, i, row.GovEconomicCode, row.GovEconomicName, hierarchical: false, "gov_economic_code", "gov_economic_name", row.ProjectCode);
            Add(TableKey.Cg, Scheme.DepartmentEconomic, i, row.DeptEconomicCode, row.DeptEconomicName, hierarchical: false, "dept_economic_code", "dept_economic_name", row.ProjectCode);
        }

        var header = package.Header ?? new PackageHeader();
        return new PackageLines(header.BudgetYear, header.UnitKind, lines, t.Jb, t.Jbg);
    }
}
